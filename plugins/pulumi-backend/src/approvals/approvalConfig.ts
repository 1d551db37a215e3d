import { RootConfigService } from '@backstage/backend-plugin-api';
import { configDuration } from '../util/configDuration';
import { InputError } from '@backstage/errors';
import { readProtectedStacks } from '@stackyard/plugin-pulumi-node';

/** The settings of `pulumi.approvals`, with their defaults. */
export interface ApprovalConfig {
  /** Stack refs (`backend:organization/project/stack`, `*` a wildcard) of the stacks to protect. */
  protectedStacks: string[];
  /** How long a saved plan waits for a decision. */
  expiresAfterMs: number;
}

/**
 * Reads `pulumi.approvals`: no stack protected by config, and plans that expire after 24 hours, unless it
 * says otherwise. A bad value is an error that names its key.
 */
export function readApprovalConfig(config: RootConfigService): ApprovalConfig {
  const approvals = config.getOptionalConfig('pulumi.approvals');
  const protectedStacks = readProtectedStacks(config);
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
