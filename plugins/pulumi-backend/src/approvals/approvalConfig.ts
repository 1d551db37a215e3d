import { RootConfigService } from '@backstage/backend-plugin-api';
import { configDuration } from '../util/configDuration';
import { InputError } from '@backstage/errors';

/** The settings of `pulumi.approvals`, with their defaults. */
export interface ApprovalConfig {
  /** Stack refs (`backend:organization/project/stack`, `*` a wildcard) of the stacks to protect. */
  protectedStacks: string[];
  /** How long a saved plan waits for a decision. */
  expiresAfterMs: number;
}

/** The stack tag that protects a stack when it is `true`. */
export const PROTECTED_TAG = 'stackyard:protected';

const STACK_PATTERN = /^[^:\s]+:[^/\s]+\/[^/\s]+\/[^/\s]+$/;

/**
 * Reads `pulumi.approvals`: no stack protected by config, and plans that expire after 24 hours, unless it
 * says otherwise. A bad value is an error that names its key.
 */
export function readApprovalConfig(config: RootConfigService): ApprovalConfig {
  const approvals = config.getOptionalConfig('pulumi.approvals');
  const protectedStacks =
    approvals?.getOptionalStringArray('protectedStacks') ?? [];
  protectedStacks.forEach((pattern, i) => {
    if (!STACK_PATTERN.test(pattern)) {
      throw new InputError(
        `pulumi.approvals.protectedStacks[${i}] '${pattern}' is not a stack ref pattern: backend:organization/project/stack, with * as a wildcard, for example '*:*/*/prod'`,
      );
    }
  });
  const expiresAfterMs = configDuration(
    approvals,
    'expiresAfter',
    24 * 60 * 60 * 1000,
  );
  if (!(expiresAfterMs > 0)) {
    throw new InputError('pulumi.approvals.expiresAfter must be longer than 0');
  }
  return { protectedStacks, expiresAfterMs };
}
