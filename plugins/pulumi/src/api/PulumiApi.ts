import { createApiRef } from '@backstage/core-plugin-api';
import {
  DriftStatus,
  PulumiDriftCheck,
  PulumiDriftFinding,
  PulumiDriftIgnoreRule,
  PulumiDriftReport,
  PulumiDriftSummary,
  PulumiHealth,
  PulumiPage,
  PulumiRun,
  PulumiRunEvent,
  PulumiOperationKind,
  PulumiStack,
  PulumiStackDetail,
  PulumiStackTtl,
  PulumiStackResource,
  PulumiStackUpdate,
  PulumiRegistryComponentPackage,
  PulumiRegistryPackage,
  PulumiRegistryStackUsage,
  PulumiRegistryTemplate,
  PulumiStackPackage,
} from '@stackyard/plugin-pulumi-common';

/**
 * A stack, as the backend's routes name it.
 *
 * @public
 */
export interface StackLocator {
  backendId: string;
  project: string;
  stack: string;
}

/**
 * How stacks can be sorted.
 *
 * @public
 */
export type StackSort =
  | 'name'
  | 'lastUpdate'
  | 'resourceCount'
  | 'driftStatus'
  | 'driftCheckedAt';

/**
 * The filters, sorting and page of a stack list.
 *
 * @public
 */
export interface ListStacksRequest {
  backend?: string;
  project?: string;
  /** An owner entity ref, such as `group:default/web-team`. */
  owner?: string;
  drift?: DriftStatus;
  /** Stacks whose project or stack name contains this text. */
  q?: string;
  entityRef?: string;
  sort?: StackSort;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/**
 * What the usage registry's lists take: an owner, and a page.
 *
 * @public
 */
export interface RegistryRequest {
  owner?: string;
  limit?: number;
  cursor?: string;
}

/**
 * What one stack uses of a package, marked when the version is outdated.
 *
 * @public
 */
export type StackPackageUse = PulumiStackPackage & { outdated: boolean };

/**
 * A drifted stack with the findings of its latest check.
 *
 * @public
 */
export interface DriftedStack {
  stack: PulumiStack;
  findings: PulumiDriftFinding[];
}

/**
 * The Pulumi backend, as the frontend sees it. Every call goes to Stackyard's own backend; nothing in the
 * browser reaches Pulumi Cloud or a state backend.
 *
 * @public
 */
export interface PulumiApi {
  /** The engine's state and the configured backends. An unavailable engine is a result, not an error. */
  getHealth(): Promise<PulumiHealth>;
  listBackends(): Promise<string[]>;
  listStacks(request?: ListStacksRequest): Promise<PulumiPage<PulumiStack>>;
  getStack(stack: StackLocator): Promise<PulumiStackDetail>;
  /** The stack's time to live, if it has one (the tag `stackyard:ttl`). */
  getTtl(stack: StackLocator): Promise<PulumiStackTtl | undefined>;
  /** Pushes the end of the stack's time to live later by `by`, such as `7d`. */
  extendTtl(stack: StackLocator, by: string): Promise<PulumiStackTtl>;
  listResources(
    stack: StackLocator,
    page?: { limit?: number; cursor?: string },
  ): Promise<PulumiPage<PulumiStackResource>>;
  getHistory(stack: StackLocator): Promise<PulumiStackUpdate[]>;
  listRuns(stack: StackLocator, limit?: number): Promise<PulumiRun[]>;
  createRun(
    stack: StackLocator,
    run: { kind: PulumiOperationKind; targets?: string[] },
  ): Promise<PulumiRun>;
  getRun(runId: string): Promise<PulumiRun>;
  cancelRun(runId: string): Promise<PulumiRun>;
  /** Approves or rejects the plan of a run that awaits approval; `comment` goes to the requester. */
  decideApproval(
    runId: string,
    decision: { decision: 'approve' | 'reject'; comment?: string },
  ): Promise<PulumiRun>;
  /** The run's events after `after`, in order. */
  listRunEvents(runId: string, after?: number): Promise<PulumiRunEvent[]>;
  /**
   * Streams the run's events as the backend sends them (server-sent events), from `after`, until the run
   * ends or the signal aborts.
   */
  streamRunEvents(
    runId: string,
    options: {
      after?: number;
      signal: AbortSignal;
      onEvent(event: PulumiRunEvent): void;
    },
  ): Promise<void>;
  getDriftReport(stack: StackLocator): Promise<PulumiDriftReport>;
  listDriftChecks(
    stack: StackLocator,
    limit?: number,
  ): Promise<PulumiDriftCheck[]>;
  /** Queues a drift check; `program` also runs the program, to find code never deployed. */
  checkDrift(
    stack: StackLocator,
    options?: { program?: boolean },
  ): Promise<PulumiRun>;
  /** `accept` takes the real resources into the state; `restore` puts the code's state back. */
  remediateDrift(
    stack: StackLocator,
    action: 'accept' | 'restore',
  ): Promise<PulumiRun>;
  getDriftSummary(options?: {
    days?: number;
    owner?: string;
  }): Promise<PulumiDriftSummary>;
  listDriftedStacks(options?: {
    owner?: string;
    limit?: number;
    cursor?: string;
  }): Promise<PulumiPage<DriftedStack>>;
  /** The packages the readable stacks use, with their versions: the usage registry. */
  listRegistryPackages(
    request?: RegistryRequest,
  ): Promise<PulumiPage<PulumiRegistryPackage>>;
  /** One package of the registry, and which stacks use which version. */
  getRegistryPackage(
    name: string,
    request?: RegistryRequest,
  ): Promise<{
    package: PulumiRegistryPackage;
    stacks: PulumiPage<PulumiRegistryStackUsage>;
  }>;
  /** The component types the readable stacks use, by the package that serves them. */
  listRegistryComponents(
    request?: RegistryRequest,
  ): Promise<PulumiPage<PulumiRegistryComponentPackage>>;
  /** The templates that the readable stacks were created from, with the versions they were created at. */
  listRegistryTemplates(
    request?: RegistryRequest,
  ): Promise<PulumiPage<PulumiRegistryTemplate>>;
  /** What one stack uses: its providers and component types, with their versions. */
  getStackPackages(stack: StackLocator): Promise<StackPackageUse[]>;
  addIgnoreRule(
    rule: Omit<
      PulumiDriftIgnoreRule,
      'id' | 'source' | 'createdBy' | 'createdAt'
    >,
  ): Promise<PulumiDriftIgnoreRule>;
}

/**
 * The API reference of {@link PulumiApi}.
 *
 * @public
 */
export const pulumiApiRef = createApiRef<PulumiApi>({
  id: 'plugin.pulumi.service',
});
