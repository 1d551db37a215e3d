/**
 * What a run does. `drift-check` compares the real resources with the state (`refresh --preview-only`)
 * and writes nothing; `drift-check-program` also runs the program (`preview --refresh`), so it also finds
 * code that was never deployed.
 *
 * @public
 */
export type PulumiRunKind =
  | 'preview'
  | 'refresh'
  | 'drift-check'
  | 'drift-check-program'
  | 'up'
  | 'destroy';

/**
 * Every run kind.
 *
 * @public
 */
export const PULUMI_RUN_KINDS: readonly PulumiRunKind[] = [
  'preview',
  'refresh',
  'drift-check',
  'drift-check-program',
  'up',
  'destroy',
];

/**
 * The run kinds that `POST /stacks/{backend}/{project}/{stack}/runs` starts. Drift checks have their own
 * door, `POST …/drift/check`, with its rate limit and program check; remediations have
 * `POST …/drift/remediate`.
 *
 * @public
 */
export type PulumiOperationKind = 'preview' | 'refresh' | 'up' | 'destroy';

/**
 * Every {@link PulumiOperationKind}.
 *
 * @public
 */
export const PULUMI_OPERATION_KINDS: readonly PulumiOperationKind[] = [
  'preview',
  'refresh',
  'up',
  'destroy',
];

/**
 * The run kinds that write nothing, so that a run of one of them whose process died may run again.
 *
 * @public
 */
export const READ_ONLY_RUN_KINDS: readonly PulumiRunKind[] = [
  'preview',
  'drift-check',
  'drift-check-program',
];

/**
 * The run kinds that check drift.
 *
 * @public
 */
export const DRIFT_CHECK_RUN_KINDS: readonly PulumiRunKind[] = [
  'drift-check',
  'drift-check-program',
];

/**
 * The run kinds that write the stack's state; only one of them may be queued or running per stack.
 *
 * @public
 */
export const MUTATING_RUN_KINDS: readonly PulumiRunKind[] = [
  'refresh',
  'up',
  'destroy',
];

/**
 * Where a run is in its life.
 *
 * @public
 */
export type PulumiRunStatus =
  | 'queued'
  | 'running'
  | 'awaiting_approval'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'rejected'
  | 'expired';

/**
 * The statuses of a run that has ended.
 *
 * @public
 */
export const FINISHED_RUN_STATUSES: readonly PulumiRunStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'rejected',
  'expired',
];

/**
 * The run kinds that wait for an approval of their plan on a protected stack.
 *
 * @public
 */
export const APPROVED_RUN_KINDS: readonly PulumiRunKind[] = ['up', 'destroy'];

/**
 * One step of a previewed plan: what the engine will do to one resource, with the properties it changes.
 *
 * @public
 */
export interface PulumiPlannedStep {
  urn: string;
  type: string;
  /** The resource's name: the last segment of its URN. */
  name: string;
  /** `create`, `update`, `replace` or `delete`. */
  operation: string;
  /** Set when the step puts back a resource changed or deleted outside Pulumi. */
  restoresDrift?: boolean;
  /** The properties the step changes: the value deployed now and the one it will deploy (`[secret]` for secrets). */
  properties: Array<{ path: string; before: unknown; after: unknown }>;
}

/**
 * Where the approval of a run on a protected stack stands:
 * - `planning`: the preview that saves the plan runs;
 * - `pending`: the plan waits for a decision, until `expiresAt`;
 * - `approved`: the run applies exactly that plan;
 * - `rejected` or `expired`: the run ended without changing anything.
 *
 * @public
 */
export type PulumiApprovalState =
  | 'planning'
  | 'pending'
  | 'approved'
  | 'rejected'
  | 'expired';

/**
 * The approval of a run on a protected stack: its plan, and who decided what about it.
 *
 * @public
 */
export interface PulumiRunApproval {
  state: PulumiApprovalState;
  /** When the plan was saved. */
  plannedAt?: string;
  /** When a pending approval expires. */
  expiresAt?: string;
  /** The planned steps: what the approver sees, and all the engine will be allowed to do. */
  steps?: PulumiPlannedStep[];
  /** How many resources the plan touches, by operation. */
  changeSummary?: Record<string, number>;
  /** The user who approved or rejected it, as an entity ref. */
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
  /** Set when the engine refused the approved plan because the stack changed after its preview. */
  planRefused?: boolean;
  /**
   * The plugin that applies the approved plan and reports the result, when not the Pulumi backend's own
   * worker: `scaffolder` for a `pulumi:up` or `pulumi:destroy` step of a template.
   */
  appliedBy?: string;
}

/**
 * A run of one engine operation on one stack.
 *
 * @public
 */
export interface PulumiRun {
  id: string;
  stackRef: string;
  backendId: string;
  project: string;
  stack: string;
  kind: PulumiRunKind;
  status: PulumiRunStatus;
  /** The user or service that asked for the run, as an entity ref or `service:<name>`. */
  requestedBy: string;
  targets?: string[];
  /** Set on runs that remediate drift: accept the real state, or restore the code's. */
  remediation?: 'accept' | 'restore';
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  cancelRequested: boolean;
  /** Resources the engine has finished with, and how many it will visit when known. */
  progress: { done: number; total?: number };
  changeSummary?: Record<string, number>;
  /** Why the run failed, with secrets removed. */
  error?: string;
  /** Set on runs of a protected stack, which apply only an approved plan. */
  approval?: PulumiRunApproval;
}

/**
 * The kinds of event in a run's event stream.
 *
 * @public
 */
export type PulumiRunEventType = 'engine' | 'progress' | 'status';

/**
 * One event of a run, as the server-sent event stream and the events route deliver it.
 *
 * @public
 */
export interface PulumiRunEvent {
  /** Increases by one per event of a run; the SSE `id`, for resuming with `Last-Event-ID`. */
  seq: number;
  type: PulumiRunEventType;
  /** For `engine`, the engine event (secrets redacted); for `progress`, `{ done, total }`; for `status`, the run. */
  payload: unknown;
  createdAt: string;
}
