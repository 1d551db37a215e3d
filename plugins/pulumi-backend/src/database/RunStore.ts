import type {
  PulumiPlannedStep,
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
  /** Whether the run waits for an approval of its plan: an up or destroy of a protected stack. */
  approval?: boolean;
}

/** What the preview of a run that needs an approval saved. */
export interface SavedPlan {
  /** The worker that holds the run's lease. */
  owner: string;
  plan: string;
  steps: PulumiPlannedStep[];
  changeSummary: Record<string, number>;
  expiresAt: Date;
}

/**
 * A plan that another plugin saved, and applies itself once approved: a scaffolder task's, made in the
 * task's workspace from the program there.
 */
export interface SubmittedPlan extends Omit<SavedPlan, 'owner'> {
  /** The plugin that applies the plan and reports the result, such as `scaffolder`. */
  appliedBy: string;
}

/** An approver's decision on a pending plan. */
export interface ApprovalDecision {
  approved: boolean;
  /** Until when a plugin that applies an approved plan itself has to report the result. */
  applyBy: Date;
  /** The approver's entity ref. */
  decidedBy: string;
  comment?: string;
  /** When it was made: a plan that expired before then is not decided. */
  at: Date;
}

/** How a run ended. */
export interface RunOutcome {
  /** When given, only a run this owner holds the lease of is ended. */
  owner?: string;
  status: Extract<PulumiRunStatus, 'succeeded' | 'failed' | 'cancelled'>;
  changeSummary?: Record<string, number>;
  error?: string;
  /** Marks the run's approval as refused by the engine: the stack changed since its plan. */
  planRefused?: boolean;
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
  finishRun(runId: string, outcome: RunOutcome): Promise<PulumiRun | undefined>;
  /**
   * Parks a run whose preview saved its plan until an approver decides: it keeps its stack, and leaves the
   * worker. Undefined when `owner` no longer holds the run.
   */
  awaitApproval(
    runId: string,
    saved: SavedPlan,
  ): Promise<PulumiRun | undefined>;
  /**
   * Stores a run whose plan another plugin saved, as awaiting approval at once; refused as `createRun`
   * refuses a second mutating run of a stack.
   */
  submitPlan(run: NewRun, plan: SubmittedPlan): Promise<PulumiRun>;
  /**
   * Approves a pending plan, which queues the run again to apply it (or, for a submitted plan, marks it
   * running until its plugin reports the result or `applyBy` passes), or rejects it, which ends the run.
   * Undefined when the run has no pending plan, or it expired before the decision.
   */
  decideApproval(
    runId: string,
    decision: ApprovalDecision,
  ): Promise<PulumiRun | undefined>;
  /** Ends the runs whose pending plan expired before `now`, as `expired`; returns them. */
  expireApprovals(now: Date): Promise<PulumiRun[]>;
  /** The plan of a run whose approval was granted. */
  getApprovedPlan(runId: string): Promise<string | undefined>;
  /**
   * Ends a running run whose approved plan another plugin applied, with the result it reports. Undefined
   * when the run is not one of that plugin's running runs.
   */
  reportResult(
    runId: string,
    appliedBy: string,
    outcome: Omit<RunOutcome, 'owner'>,
  ): Promise<PulumiRun | undefined>;
  /** Cancels a queued or approval-awaiting run at once, or asks the worker of a running one to stop it. */
  requestCancel(runId: string): Promise<PulumiRun | undefined>;
  /**
   * Deals with running runs whose lease ran out, because their process died: read-only runs go back to
   * the queue (a few times at most), for any replica to run again; the others end as failed with `reason`,
   * since a half-done change must not be repeated blindly.
   */
  reapExpiredRuns(
    reason: string,
  ): Promise<{ failed: PulumiRun[]; requeued: PulumiRun[] }>;
  /**
   * Deletes the runs (with their events) that finished before `cutoff`; the drift checks of those runs go
   * first, through the drift store. Returns how many runs went.
   */
  deleteFinishedBefore(cutoff: Date): Promise<number>;
  /** Whether the stack has a queued, running or approval-awaiting run of one of these kinds. */
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
