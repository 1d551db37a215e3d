import { AuditorService } from '@backstage/backend-plugin-api';
import { PulumiDriftIgnoreRule } from '@stackyard/plugin-pulumi-common';
import type { ApprovalService } from '../../approvals/ApprovalService';
import type { PackageRegistry } from '../../registry/PackageRegistry';
import { DriftStore } from '../../database/DriftStore';
import type { TtlStore } from '../../database/TtlStore';
import type { TtlService } from '../../ttl/TtlService';
import { RunStore } from '../../database/RunStore';
import { StackStore } from '../../database/StackStore';
import { RunQueue } from '../../runs/RunQueue';
import type { Access } from '../access';

/** What the API's route families share. */
export interface RouteContext {
  access: Access;
  auditor: AuditorService;
  stacks: StackStore;
  runs: RunStore;
  drift: DriftStore;
  /** The one way runs are queued. */
  queue: RunQueue;
  /** Decisions on the plans of protected stacks' runs. */
  approvals: ApprovalService;
  ttls: TtlStore;
  /** The usage registry of packages and component types. */
  registry: PackageRegistry;
  /** The time-to-live service, once the engine is there. */
  ttl: () => TtlService | undefined;
  /** Called after a cancel is recorded, so that this replica stops the run at once if it runs it. */
  onRunCancelRequested: (runId: string) => void;
  /** The ignore rules of config and of the API. */
  driftRules: () => Promise<PulumiDriftIgnoreRule[]>;
  /** Whether a stack's program is configured, which `restore` and program drift checks need. */
  hasProgram: (stack: {
    backendId: string;
    project: string;
    stack: string;
  }) => boolean;
  /**
   * Reads a state backend's stacks into the cache now, so that a stack created a moment ago is known;
   * absent while the engine is.
   */
  syncBackend?: (backendId: string) => Promise<void>;
  /** The least time between two manual drift checks of one stack. */
  manualCheckIntervalMs: number;
}
