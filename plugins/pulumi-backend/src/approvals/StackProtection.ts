import { ServiceUnavailableError } from '@backstage/errors';
import { parseStackRef } from '@stackyard/plugin-pulumi-common';
import type { PulumiEngineService } from '@stackyard/plugin-pulumi-node';
import { globMatches } from '../drift/ignoreRules';
import { PROTECTED_TAG } from './approvalConfig';

/**
 * Says whether a stack is protected: its ref matches a pattern of `pulumi.approvals.protectedStacks`, or
 * it carries the tag `stackyard:protected=true`. The tag is read from the state backend when asked, not
 * from the cache, so that a stack protected a moment ago is protected now; when it cannot be read, the
 * answer is an error, never "unprotected".
 */
export class StackProtection {
  constructor(
    private readonly options: {
      protectedStacks: string[];
      engine: () => PulumiEngineService | undefined;
    },
  ) {}

  /** Whether config or the stack's tags, read already, protect the stack. */
  protectedBy(stackRef: string, tags: Record<string, string>): boolean {
    return (
      this.options.protectedStacks.some(p => globMatches(p, stackRef)) ||
      tags[PROTECTED_TAG]?.trim().toLowerCase() === 'true'
    );
  }

  async isProtected(stackRef: string): Promise<boolean> {
    if (this.protectedBy(stackRef, {})) return true;
    const engine = this.options.engine();
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
