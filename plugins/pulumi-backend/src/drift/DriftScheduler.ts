import { LoggerService } from '@backstage/backend-plugin-api';
import { DRIFT_CHECK_RUN_KINDS } from '@stackyard/plugin-pulumi-common';
import { RunStore } from '../database/RunStore';
import { StackStore } from '../database/StackStore';
import { RunQueue } from '../runs/RunQueue';

/** Who asks for scheduled drift checks. */
const DRIFT_SCHEDULER = 'stackyard:drift-scheduler';

/**
 * Queues a drift check for every stack once per period. Every replica runs one; a stack's turn is claimed
 * in the database by moving its next check on by a period in one conditional update, so that exactly one
 * replica queues it. The queued runs are then shared out by the run workers of every replica, with their
 * leases: a replica that dies mid-check loses the lease, and the check runs again elsewhere.
 */
export class DriftScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly options: {
      stacks: StackStore;
      runs: RunStore;
      queue: RunQueue;
      logger: LoggerService;
      periodMs: number;
      pollMs: number;
    },
  ) {}

  start(): void {
    const loop = () => {
      this.running = this.tick().finally(() => {
        this.timer = setTimeout(loop, this.options.pollMs);
        this.timer.unref?.();
      });
    };
    loop();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Queues the checks of the stacks that are due now; returns their refs. */
  async tick(now: Date = new Date()): Promise<string[]> {
    const { stacks, runs, queue, logger, periodMs } = this.options;
    const queued: string[] = [];
    try {
      const due = await stacks.claimDueDriftChecks({
        now,
        periodMs,
        limit: 100,
      });
      for (const stackRef of due) {
        if (await runs.hasActiveRun(stackRef, DRIFT_CHECK_RUN_KINDS)) {
          continue;
        }
        await queue.enqueue(stackRef, 'drift-check', DRIFT_SCHEDULER);
        queued.push(stackRef);
      }
    } catch (error) {
      logger.warn(`Could not queue scheduled drift checks: ${error}`);
    }
    return queued;
  }
}
