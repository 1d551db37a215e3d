import type {
  PulumiRun,
  PulumiRunEvent,
  PulumiRunEventType,
  PulumiRunKind,
  PulumiRunStatus,
} from '@stackyard/plugin-pulumi-common';

/** What a new run needs. */
export interface NewRun {
  stackRef: string;
  backendId: string;
  project: string;
  stack: string;
  kind: PulumiRunKind;
  requestedBy: string;
  targets?: string[];
  remediation?: 'accept' | 'restore';
}

/** Runs and their events. */
export interface RunStore {
  /**
   * Queues a run. A mutating run is refused with a `ConflictError` naming the run that holds the stack,
   * when another mutating run of the same stack is queued or running, on any replica.
   */
  createRun(run: NewRun): Promise<PulumiRun>;
  /** Takes the oldest queued run whose stack is not busy, leasing it to `owner`. */
  claimNextRun(owner: string, leaseMs: number): Promise<PulumiRun | undefined>;
  /** Extends a lease; says whether the run is still ours and whether cancelling was asked for. */
  renewLease(
    runId: string,
    owner: string,
    leaseMs: number,
  ): Promise<{ owned: boolean; cancelRequested: boolean }>;
  appendEvents(
    runId: string,
    events: Array<{ type: PulumiRunEventType; payload: unknown }>,
  ): Promise<void>;
  setProgress(runId: string, done: number, total?: number): Promise<void>;
  finishRun(
    runId: string,
    outcome: {
      /** When given, only a run this owner holds the lease of is ended. */
      owner?: string;
      status: Extract<PulumiRunStatus, 'succeeded' | 'failed' | 'cancelled'>;
      changeSummary?: Record<string, number>;
      error?: string;
    },
  ): Promise<PulumiRun | undefined>;
  /** Cancels a queued run at once, or asks the worker of a running one to stop it. */
  requestCancel(runId: string): Promise<PulumiRun | undefined>;
  /**
   * Deals with running runs whose lease ran out, because their process died: read-only runs go back to
   * the queue (a few times at most), for any replica to run again; the others end as failed with `reason`,
   * since a half-done change must not be repeated blindly.
   */
  reapExpiredRuns(
    reason: string,
  ): Promise<{ failed: PulumiRun[]; requeued: PulumiRun[] }>;
  /** Whether the stack has a queued or running run of one of these kinds. */
  /**
   * Deletes the runs (with their events) that finished before `cutoff`; the drift checks of those runs go
   * first, through the drift store. Returns how many runs went.
   */
  deleteFinishedBefore(cutoff: Date): Promise<number>;
  hasActiveRun(stackRef: string, kinds: readonly string[]): Promise<boolean>;
  getRun(runId: string): Promise<PulumiRun | undefined>;
  listRuns(stackRef: string, limit: number): Promise<PulumiRun[]>;
  listEvents(
    runId: string,
    afterSeq: number,
    limit: number,
  ): Promise<PulumiRunEvent[]>;
  /**
   * Resolves when this process appends events to run `runId`, or after `timeoutMs`: a stream of a run
   * that this replica executes passes its events on at once, and polls for those of other replicas.
   */
  waitForEvents(runId: string, timeoutMs: number): Promise<void>;
}
