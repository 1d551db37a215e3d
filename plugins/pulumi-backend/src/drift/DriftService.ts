import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DRIFT_CHECK_RUN_KINDS,
  PulumiDriftIgnoreRule,
  PulumiRun,
} from '@stackyard/plugin-pulumi-common';
import type { OperationResult } from '@stackyard/plugin-pulumi-node';
import { DriftStore } from '../database/DriftStore';
import { RunQueue } from '../runs/RunQueue';
import { DriftNotifier } from './DriftNotifier';
import { applyIgnoreRules, RawFinding } from './ignoreRules';

/** Who asks for the re-check that follows a remediation. */
const REMEDIATION_RECHECK = 'stackyard:remediation-recheck';

/**
 * What happens after runs: a drift check's findings are recorded with the ignore rules applied, the
 * stack's drift status follows, its owners hear of a turn; a remediation is followed by a re-check.
 */
export class DriftService {
  constructor(
    private readonly options: {
      drift: DriftStore;
      queue: RunQueue;
      notifier: DriftNotifier;
      logger: LoggerService;
      /** Rules from app config, alongside those made through the API. */
      configRules: PulumiDriftIgnoreRule[];
    },
  ) {}

  async rules(): Promise<PulumiDriftIgnoreRule[]> {
    return [
      ...this.options.configRules,
      ...(await this.options.drift.listRules()),
    ];
  }

  async afterRun(run: PulumiRun, result: OperationResult): Promise<void> {
    if (DRIFT_CHECK_RUN_KINDS.includes(run.kind)) {
      await this.recordCheck(run, result);
    } else if (run.remediation && result.status === 'succeeded') {
      await this.options.queue.enqueue(
        run.stackRef,
        'drift-check',
        `${REMEDIATION_RECHECK}:${run.id}`,
      );
    }
  }

  private async recordCheck(run: PulumiRun, result: OperationResult) {
    if (result.status === 'cancelled') {
      return;
    }
    const findings =
      result.status === 'succeeded'
        ? applyIgnoreRules(
            run.stackRef,
            (result.drift ?? []) as RawFinding[],
            await this.rules(),
          )
        : [];
    const drifted = findings.filter(f => !f.ignored).length;
    let status: 'error' | 'drifted' | 'in_sync' =
      drifted > 0 ? 'drifted' : 'in_sync';
    if (result.status === 'failed') status = 'error';
    const { previous } = await this.options.drift.recordCheck({
      runId: run.id,
      stackRef: run.stackRef,
      kind: run.kind as 'drift-check' | 'drift-check-program',
      status,
      requestedBy: run.requestedBy,
      checkedAt: run.finishedAt ?? new Date().toISOString(),
      error: result.status === 'failed' ? result.message : undefined,
      findings,
    });
    try {
      await this.options.notifier.statusChanged(
        {
          ref: run.stackRef,
          backendId: run.backendId,
          project: run.project,
          stack: run.stack,
        },
        previous,
        status,
        drifted,
      );
    } catch (error) {
      this.options.logger.warn(
        `Could not notify the owners of ${run.stackRef}: ${error}`,
      );
    }
  }
}
