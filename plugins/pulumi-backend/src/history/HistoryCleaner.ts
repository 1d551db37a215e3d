import {
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { DriftStore } from '../database/DriftStore';
import { RunStore } from '../database/RunStore';

/** When the cleaner runs: every six hours, on one replica at a time. */
export const HISTORY_CLEANER_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { hours: 6 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
  };

/**
 * Deletes the history older than the retention: drift checks with their findings, then finished runs with
 * their events, each through the store that owns its tables. The scheduler runs it on one replica at a
 * time.
 */
export class HistoryCleaner {
  constructor(
    private readonly options: {
      drift: DriftStore;
      runs: RunStore;
      logger: LoggerService;
      /** How long history is kept. */
      retentionMs: number;
    },
  ) {}

  /** Deletes what is older than the retention as of `now`; returns how many checks and runs went. */
  async clean(
    now: Date = new Date(),
  ): Promise<{ checks: number; runs: number }> {
    const { drift, runs, logger, retentionMs } = this.options;
    const cutoff = new Date(now.getTime() - retentionMs);
    const checks = await drift.deleteOlderThan(cutoff);
    const deletedRuns = await runs.deleteFinishedBefore(cutoff);
    logger.info(
      `Deleted ${checks} drift checks and ${deletedRuns} runs older than ${cutoff.toISOString()}`,
    );
    return { checks, runs: deletedRuns };
  }
}
