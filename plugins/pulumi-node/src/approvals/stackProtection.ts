import type { Config } from '@backstage/config';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { globMatches, parseStackRef } from '@stackyard/plugin-pulumi-common';
import type { PulumiEngineService } from '../engine/types';

/**
 * The stack tag that protects a stack when it is `true`: its ups and destroys then apply only a plan that
 * someone other than the requester approved.
 *
 * @public
 */
export const PULUMI_PROTECTED_TAG = 'stackyard:protected';

const STACK_PATTERN = /^[^:\s]+:[^/\s]+\/[^/\s]+\/[^/\s]+$/;

/**
 * Reads `pulumi.approvals.protectedStacks`: stack ref patterns (`backend:organization/project/stack`, `*` a
 * wildcard). A bad pattern is an error that names its key.
 *
 * @public
 */
export function readProtectedStacks(config: Config): string[] {
  const patterns =
    config.getOptionalStringArray('pulumi.approvals.protectedStacks') ?? [];
  patterns.forEach((pattern, i) => {
    if (!STACK_PATTERN.test(pattern)) {
      throw new InputError(
        `pulumi.approvals.protectedStacks[${i}] '${pattern}' is not a stack ref pattern: backend:organization/project/stack, with * as a wildcard, for example '*:*/*/prod'`,
      );
    }
  });
  return patterns;
}

/**
 * Says whether a stack is protected: its ref matches a pattern of `pulumi.approvals.protectedStacks`, or
 * it carries the tag `stackyard:protected=true`. The tag is read from the state backend when asked, not
 * from a cache, so that a stack protected a moment ago is protected now; when it cannot be read, the
 * answer is an error, never "unprotected". The backend plugin's run queue and the scaffolder's actions
 * share it, so that both protect the same stacks.
 *
 * @public
 */
export class StackProtection {
  constructor(
    private readonly options: {
      protectedStacks: string[];
      engine: () =>
        | Pick<PulumiEngineService, 'getStackTags'>
        | undefined
        | Promise<Pick<PulumiEngineService, 'getStackTags'> | undefined>;
    },
  ) {}

  /** Whether config or the stack's tags, read already, protect the stack. */
  protectedBy(stackRef: string, tags: Record<string, string>): boolean {
    return (
      this.options.protectedStacks.some(p => globMatches(p, stackRef)) ||
      tags[PULUMI_PROTECTED_TAG]?.trim().toLowerCase() === 'true'
    );
  }

  /** Whether the stack is protected, its tags read from the state backend now. */
  async isProtected(stackRef: string): Promise<boolean> {
    if (this.protectedBy(stackRef, {})) return true;
    const engine = await this.options.engine();
    if (!engine) {
      throw new ServiceUnavailableError(
        `Cannot tell whether ${stackRef} is protected: the Pulumi engine is unavailable`,
      );
    }
    const { backendId, project, stack } = parseStackRef(stackRef);
    try {
      const tags = await engine.getStackTags({ backendId, project, stack });
      return this.protectedBy(stackRef, tags);
    } catch (error) {
      throw new ServiceUnavailableError(
        `Cannot tell whether ${stackRef} is protected: its tags could not be read (${
          (error as Error).message
        })`,
      );
    }
  }
}
