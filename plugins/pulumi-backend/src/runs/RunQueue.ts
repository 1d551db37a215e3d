import { ServiceUnavailableError } from '@backstage/errors';
import {
  APPROVED_RUN_KINDS,
  parseStackRef,
  PulumiHealth,
  PulumiRun,
  PulumiRunKind,
} from '@stackyard/plugin-pulumi-common';
import type { StackProtection } from '@stackyard/plugin-pulumi-node';
import { RunStore } from '../database/RunStore';

/** What else a queued run may carry. */
export interface RunDetails {
  /** URNs to limit the run to. */
  targets?: string[];
  /** The drift remediation the run carries out. */
  remediation?: PulumiRun['remediation'];
}

/**
 * The one way runs are queued, by the API, by remediations and by the drift scheduler: the run is stored
 * for whichever replica's worker claims it, once the engine is there to run it, and this replica's worker
 * is woken to start it without waiting for its next poll.
 */
export class RunQueue {
  constructor(
    private readonly options: {
      runs: RunStore;
      /** Whether the engine is there; runs are refused while it is not. */
      health: () => PulumiHealth;
      /** Called after a run is queued, so that this replica starts it at once. */
      onRunQueued: () => void;
      /** Which stacks are protected: their ups and destroys apply only an approved plan. */
      protection?: StackProtection;
    },
  ) {}

  /**
   * Queues a run of `kind` on the stack `stackRef`, asked for by `requestedBy`. On a protected stack, an
   * `up` or `destroy` first saves its plan, and then waits for an approval. Fails with a
   * ServiceUnavailableError while the engine is unavailable, and with the store's ConflictError while
   * another mutating run holds the stack.
   */
  async enqueue(
    stackRef: string,
    kind: PulumiRunKind,
    requestedBy: string,
    details: RunDetails = {},
  ): Promise<PulumiRun> {
    const health = this.options.health();
    if (health.status !== 'ok') {
      throw new ServiceUnavailableError(
        `The Pulumi engine is unavailable: ${health.engine.message}`,
      );
    }
    const { backendId, project, stack } = parseStackRef(stackRef);
    const approval =
      APPROVED_RUN_KINDS.includes(kind) &&
      ((await this.options.protection?.isProtected(stackRef)) ?? false);
    const run = await this.options.runs.createRun({
      stackRef,
      backendId,
      project,
      stack,
      kind,
      requestedBy,
      ...details,
      ...(approval ? { approval } : {}),
    });
    this.options.onRunQueued();
    return run;
  }
}
