import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import type {
  DriftStatus,
  PulumiPage,
  PulumiStack,
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

/** Filters of the stack list. */
export interface StackFilter {
  backendId?: string;
  project?: string;
  entityRef?: string;
  driftStatus?: DriftStatus;
  /** Matches a part of the project or stack name, ignoring case. */
  text?: string;
  /** The conditions of a conditional permission decision. */
  permission?: PermissionCriteria<PulumiStackPermissionQuery>;
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
  /** The stacks whose resources and history are older than their last update. */
  listStaleStacks(backendId: string): Promise<PulumiStack[]>;
  /** Records a stack's resources, outputs and history as of its last update. */
  saveStackDetails(
    stackRef: string,
    details: { state: StackState; history: UpdateRecord[] },
  ): Promise<void>;
  replaceLinks(links: StackLink[]): Promise<void>;
  listStacks(
    filter: StackFilter,
    page: { limit: number; cursor?: string },
  ): Promise<PulumiPage<PulumiStack>>;
  getStack(
    backendId: string,
    project: string,
    stack: string,
  ): Promise<PulumiStackDetail | undefined>;
  getPermissionResources(
    refs: string[],
  ): Promise<Array<PulumiStackPermissionResource | undefined>>;
  listResources(
    stackRef: string,
    page: { limit: number; cursor?: string },
  ): Promise<PulumiPage<PulumiStackResource>>;
  listUpdates(stackRef: string): Promise<PulumiStackUpdate[]>;
}
