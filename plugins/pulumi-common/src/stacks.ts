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
 * One page of a list, and the cursor of the next page when there is one.
 *
 * @public
 */
export interface PulumiPage<T> {
  items: T[];
  nextCursor?: string;
}
