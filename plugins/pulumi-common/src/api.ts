/**
 * Whether a stack's real resources matched its state at the last drift check.
 *
 * @public
 */
export type DriftStatus = 'unknown' | 'in_sync' | 'drifted' | 'error';

/**
 * The drift statuses, in order from best to worst.
 *
 * @public
 */
export const DRIFT_STATUSES: readonly DriftStatus[] = [
  'in_sync',
  'unknown',
  'error',
  'drifted',
];

/**
 * A stack as the REST API lists it.
 *
 * @public
 */
export interface PulumiStack {
  /** `backendId:organization/project/stack`, also the stack's permission resource ref. */
  ref: string;
  backendId: string;
  organization: string;
  project: string;
  stack: string;
  lastUpdate?: {
    /** When the update ended, ISO 8601. */
    time: string;
    result?: string;
    kind?: string;
  };
  resourceCount?: number;
  driftStatus: DriftStatus;
  driftCheckedAt?: string;
  /** When the next scheduled drift check is due, ISO 8601; absent before the first, and when scheduled checks are off. */
  driftNextCheckAt?: string;
  /**
   * The stack's own drift check period in seconds, from its `stackyard:drift-interval` tag; 0 means
   * scheduled checks are off. Absent when the stack follows `pulumi.drift.interval`.
   */
  driftIntervalSeconds?: number;
  /** Catalog entities whose `pulumi.com/project-slug` names this stack. */
  entityRefs: string[];
  /**
   * Who owns the stack first, as a lowercase entity ref such as `group:default/web-team`: from its owner
   * tag (`backstage.io:owner` unless `catalog.providers.pulumi.tags.owner` says otherwise; a bare name is
   * a group in the default namespace), else the `spec.owner` of the first of `entityRefs` that has one.
   * Absent when neither names an owner. The owners that permissions, notifications and the owner filter
   * use are this tag owner and the owners of all of `entityRefs`.
   */
  owner?: string;
  /** When Stackyard last read the stack from its backend. */
  syncedAt: string;
}

/**
 * What `GET /stacks` can sort by (`sort`): `name` is the stack ref; `driftStatus` ranks as
 * {@link DRIFT_STATUSES} does, so that descending puts `drifted` first. Stacks without a value (never
 * updated, never checked) come last in either order.
 *
 * @public
 */
export type PulumiStackSort =
  | 'name'
  | 'lastUpdate'
  | 'resourceCount'
  | 'driftStatus'
  | 'driftCheckedAt';

/**
 * Every {@link PulumiStackSort}.
 *
 * @public
 */
export const PULUMI_STACK_SORTS: readonly PulumiStackSort[] = [
  'name',
  'lastUpdate',
  'resourceCount',
  'driftStatus',
  'driftCheckedAt',
];

/**
 * The direction of a sort (`order`); `asc` by default for `name`, `desc` for the other sorts.
 *
 * @public
 */
export type PulumiSortOrder = 'asc' | 'desc';

/**
 * A stack with its outputs; secret outputs are `[secret]`.
 *
 * @public
 */
export interface PulumiStackDetail extends PulumiStack {
  outputs: Record<string, unknown>;
  /**
   * The stacks this stack reads through `StackReference`, as the program
   * names them (`org/project/stack`).
   */
  stackReferences: string[];
}

/**
 * A resource of a stack.
 *
 * @public
 */
export interface PulumiStackResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  id?: string;
  parent?: string;
  provider?: { urn: string; package?: string; version?: string };
  created?: string;
  modified?: string;
}

/**
 * One update in a stack's history.
 *
 * @public
 */
export interface PulumiStackUpdate {
  version?: number;
  kind: string;
  result: string;
  startTime: string;
  endTime?: string;
  message?: string;
  resourceChanges: Record<string, number>;
}

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

/**
 * One page of a list, and the cursor of the next page when there is one.
 *
 * @public
 */
export interface PulumiPage<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * What a Pulumi organization, project or stack name may be: letters, digits, `-`, `_` and `.`, at most 100
 * characters, starting with a letter, digit or `_`. Pulumi allows the same characters; refusing a leading
 * `.` or `-` also keeps a name from ever being a path such as `..` or a command-line flag.
 *
 * @public
 */
export const PULUMI_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

/**
 * What the id of a configured state backend may be: it appears in URLs, annotations and entity names.
 *
 * @public
 */
export const PULUMI_BACKEND_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The ref of a stack: `backendId:organization/project/stack`.
 *
 * @public
 */
export function stringifyStackRef(stack: {
  backendId: string;
  organization: string;
  project: string;
  stack: string;
}): string {
  return `${stack.backendId}:${stack.organization}/${stack.project}/${stack.stack}`;
}

/**
 * The parts of a stack ref made by {@link stringifyStackRef}.
 *
 * @public
 */
export function parseStackRef(ref: string): {
  backendId: string;
  organization: string;
  project: string;
  stack: string;
} {
  const colon = ref.indexOf(':');
  const [organization, project, stack, ...rest] = ref
    .slice(colon + 1)
    .split('/');
  if (colon <= 0 || !stack || rest.length > 0) {
    throw new Error(
      `'${ref}' is not a stack ref (backend:organization/project/stack)`,
    );
  }
  return { backendId: ref.slice(0, colon), organization, project, stack };
}

/**
 * One property that differs.
 *
 * @public
 */
export interface PulumiDriftProperty {
  /** The property path, for example `content` or `tags.team`. */
  path: string;
  /** What the state (or, for code findings, the deployed resource) holds; `[secret]` for secrets. */
  expected: unknown;
  /** What the real resource (or, for code findings, the code) has; `[secret]` for secrets. */
  actual: unknown;
  /**
   * What `expected` is: `outputs`, the state's record of the resource (also when left out); `inputs`, the
   * inputs the code last deployed, which the state keeps and an update would write back. A check reports
   * inputs when the state's outputs already match the real resource, as after accepting drift on a
   * provider whose read returns no inputs.
   */
  source?: 'outputs' | 'inputs';
  /** An ignore rule matched this property. */
  ignored?: boolean;
}

/**
 * One resource that a drift check found different.
 *
 * @public
 */
export interface PulumiDriftFinding {
  urn: string;
  type: string;
  name: string;
  /**
   * `changed` or `deleted` outside Pulumi; `undeployed` for code that differs from what is deployed
   * (only `drift-check-program` finds those).
   */
  kind: 'changed' | 'deleted' | 'undeployed';
  /** `outside`: the real resource changed behind Pulumi's back. `code`: the program was never deployed. */
  source: 'outside' | 'code';
  /** For code findings, the step an update would take: create, update, replace or delete. */
  operation?: string;
  properties: PulumiDriftProperty[];
  /** An ignore rule matched every property (or the whole resource): kept, but not counted as drift. */
  ignored: boolean;
  /** The id of the rule that matched. */
  ignoredBy?: string;
}

/**
 * One drift check of one stack.
 *
 * @public
 */
export interface PulumiDriftCheck {
  runId: string;
  stackRef: string;
  kind: 'drift-check' | 'drift-check-program';
  status: DriftStatus;
  requestedBy: string;
  checkedAt: string;
  /** Findings not ignored. */
  findings: number;
  ignored: number;
  /** Why the check failed, when its status is `error`. */
  error?: string;
}

/**
 * A stack's latest drift check with its findings, and what changed since the check before it.
 *
 * @public
 */
export interface PulumiDriftReport {
  stackRef: string;
  status: DriftStatus;
  lastCheck?: PulumiDriftCheck;
  /** Seconds since the last check ended. */
  secondsSinceLastCheck?: number;
  findings: PulumiDriftFinding[];
  /** URNs drifted now but not at the previous check, and URNs drifted then but not now. */
  changedSinceLastCheck: { newlyDrifted: string[]; resolved: string[] };
}

/**
 * A drifted stack with what its latest check found, as `GET /drift/stacks` lists it.
 *
 * @public
 */
export interface PulumiDriftedStack {
  stack: PulumiStack;
  /** The findings of the stack's latest drift check that no ignore rule matched. */
  findings: PulumiDriftFinding[];
}

/**
 * A rule that keeps known noise off the drift status. Every field given must match; patterns use `*` for
 * any run of characters. Without `property`, it ignores whole resources.
 *
 * @public
 */
export interface PulumiDriftIgnoreRule {
  id: string;
  /** Matches the stack ref `backend:organization/project/stack`, for example `local:organization/website/prod` or `local:organization/website/*` (a `*` matches any run of characters). */
  stack?: string;
  type?: string;
  urn?: string;
  /** A property path, for example `tags.lastSeen` or `tags.*`. */
  property?: string;
  reason?: string;
  /** Rules from app config cannot be changed through the API. */
  source: 'config' | 'api';
  createdBy?: string;
  createdAt?: string;
}

/**
 * Drift across every stack the caller may read, or those of one owner (`owner`).
 *
 * @public
 */
export interface PulumiDriftSummary {
  counts: Record<DriftStatus, number>;
  /** Per day of the window, how many stacks had at least one drifted check. */
  driftedPerDay: Array<{ day: string; stacks: number }>;
  /** Drift episodes (first drifted check to first in-sync check after it) that ended in the window. */
  timeToResolve: {
    episodes: number;
    meanSeconds?: number;
    medianSeconds?: number;
  };
  /** Resource types with the most drifted findings in the window. */
  topResourceTypes: Array<{ type: string; findings: number }>;
}
