import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  DriftStatus,
  PulumiPage,
  PulumiSortOrder,
  PulumiStack,
  PulumiStackSort,
  PulumiStackDetail,
  PulumiStackResource,
  PulumiStackUpdate,
} from '@stackyard/plugin-pulumi-common';
import type {
  PulumiStackPermissionQuery,
  PulumiStackPermissionResource,
  StackListing,
  StackState,
  UpdateRecord,
} from '@stackyard/plugin-pulumi-node';
import type { StackTemplate } from './stackTemplates';

/** Filters of the stack list. */
export interface StackFilter {
  backendId?: string;
  project?: string;
  entityRef?: string;
  driftStatus?: DriftStatus;
  /** Matches a part of the project or stack name, ignoring case. */
  text?: string;
  /**
   * An owner entity ref; matches the stacks it owns, ignoring case: through the owner tag or a linked
   * catalog entity (see `stackOwners.ts`).
   */
  owner?: string;
  /** The conditions of a conditional permission decision. */
  permission?: PermissionCriteria<PulumiStackPermissionQuery>;
}

/** One page of the stack list, in one order. */
export interface StackListPage {
  limit: number;
  /** The `nextCursor` of the page before, made with the same sort and order. */
  cursor?: string;
  /** `name` (the stack ref) by default. */
  sort?: PulumiStackSort;
  /** `asc` by default for `name`, `desc` for the other sorts. */
  order?: PulumiSortOrder;
}

/** A link from a catalog entity to a stack. */
export interface StackLink {
  stackRef: string;
  entityRef: string;
  ownerRef?: string;
}

/** The cache of stacks that the sync task fills and the read routes serve. */
export interface StackStore {
  /** Records a backend's stack list; stacks gone from the backend are removed with everything cached for them. */
  replaceBackendStacks(
    backendId: string,
    listings: StackListing[],
  ): Promise<void>;
  /**
   * Records the drift check periods that a backend's stacks set with their `stackyard:drift-interval` tag,
   * in seconds by stack ref (0 is off); the backend's other stacks follow the configured period. A period
   * made shorter brings the stack's next check forward.
   */
  setDriftIntervals(
    backendId: string,
    intervals: Record<string, number>,
    now?: Date,
  ): Promise<void>;
  /**
   * Records the owners that a backend's stacks name with their owner tag, as normalised
   * entity refs by stack ref; the backend's other stacks fall back to the owner of their first linked
   * catalog entity.
   */
  /**
   * Claims stacks due for a scheduled drift check: each claimed stack's next check moves one period on, in
   * one conditional update, so that of several replicas exactly one claims it per period.
   */
  claimDueDriftChecks(options: {
    now: Date;
    periodMs: number;
    limit: number;
  }): Promise<string[]>;
  /** Records a manual drift check request, unless one was made within `minIntervalMs`; says which. */
  requestManualDriftCheck(
    stackRef: string,
    now: Date,
    minIntervalMs: number,
  ): Promise<{ accepted: boolean; retryAfterSeconds?: number }>;
  setOwnerTags(
    backendId: string,
    owners: Record<string, string>,
  ): Promise<void>;
  /** The template each stack of a backend was created from, by its tags; absent for the others. */
  setStackTemplates(
    backendId: string,
    templates: Record<string, StackTemplate>,
  ): Promise<void>;
  /** The stacks whose resources and history are older than their last update. */
  listStaleStacks(backendId: string): Promise<PulumiStack[]>;
  /** Records a stack's resources, outputs and history as of its last update. */
  saveStackDetails(
    stackRef: string,
    details: { state: StackState; history: UpdateRecord[] },
  ): Promise<void>;
  /**
   * Replaces every link from catalog entities to stacks. A stack without an owner tag takes the owner of
   * the first of its linked entities (by entity ref) that has one.
   */
  replaceLinks(links: StackLink[]): Promise<void>;
  /**
   * A page of the stacks that match the filter, in the page's order; the stack ref breaks ties, and
   * stacks without a value to sort by come last in either direction. Throws an InputError for a cursor
   * that this store did not make for the same sort and order.
   */
  listStacks(
    filter: StackFilter,
    page: StackListPage,
  ): Promise<PulumiPage<PulumiStack>>;
  getStack(
    backendId: string,
    project: string,
    stack: string,
  ): Promise<PulumiStackDetail | undefined>;
  /** Whether the stack `stackRef` is one that `filter` keeps. */
  matches(stackRef: string, filter: StackFilter): Promise<boolean>;
  /** The ref of a stack, with one light read: for the routes that need no more of it. */
  getStackRef(
    backendId: string,
    project: string,
    stack: string,
  ): Promise<string | undefined>;
  getPermissionResources(
    refs: string[],
  ): Promise<Array<PulumiStackPermissionResource | undefined>>;
  listResources(
    stackRef: string,
    page: { limit: number; cursor?: string },
  ): Promise<PulumiPage<PulumiStackResource>>;
  listUpdates(stackRef: string): Promise<PulumiStackUpdate[]>;
}
