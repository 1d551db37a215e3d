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
  | 'succeeded'
  | 'failed'
  | 'cancelled';

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
