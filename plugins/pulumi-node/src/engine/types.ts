import type { EngineEvent } from '@pulumi/pulumi/automation';
import type {
  PulumiPlannedStep,
  PulumiRunKind,
  PulumiStackPackage,
  PulumiStackResource,
  PulumiStackUpdate,
} from '@stackyard/plugin-pulumi-common';
import type { DriftedResource } from './driftTypes';

/**
 * Names one stack in one configured state backend.
 *
 * @public
 */
export interface StackRef {
  /** The id of a backend in `pulumi.backends`. */
  backendId: string;
  project: string;
  stack: string;
}

/**
 * A stack as the backend's stack list reports it: cheap to get for every stack at once.
 *
 * @public
 */
export interface StackListing extends StackRef {
  organization: string;
  /** When the last update ended, as an ISO timestamp; absent for a stack never updated. */
  lastUpdate?: string;
  resourceCount?: number;
  /** The stack's page in the Pulumi Cloud console, for Pulumi Cloud backends. */
  consoleUrl?: string;
}

/**
 * One entry of a stack's update history, as the REST API also serves it.
 *
 * @public
 */
export type UpdateRecord = PulumiStackUpdate;

/**
 * A resource of a stack, from its exported state; unlike a cached one, it always knows its provider's
 * package.
 *
 * @public
 */
export interface StackResource extends PulumiStackResource {
  provider?: {
    urn: string;
    /** The package of the provider, for example `aws` or `pulumi-nodejs`. */
    package: string;
    version?: string;
  };
}

/**
 * What a stack's exported state holds that Stackyard shows.
 *
 * @public
 */
export interface StackState {
  resources: StackResource[];
  /** The stack's outputs; secret values are `[secret]`. */
  outputs: Record<string, unknown>;
  /**
   * The stacks this one reads through `pulumi:pulumi:StackReference` resources, by the name the program
   * gave: `stack`, `project/stack` or `organization/project/stack`.
   */
  stackReferences: string[];
  /** The packages the stack uses: its providers with their versions, and its component types. */
  packages: PulumiStackPackage[];
}

/**
 * A stack config value as Stackyard shows it: secret values are `[secret]`.
 *
 * @public
 */
export interface StackConfigValue {
  value: string;
  secret: boolean;
}

/**
 * The operations that run the engine against a stack. Two check drift and write nothing:
 * `drift-check` is a refresh in preview-only mode, which compares the real resources with the state;
 * `drift-check-program` is a preview with refresh first, which also runs the program, so that it also
 * finds code that was never deployed.
 *
 * @public
 */
export type OperationKind = PulumiRunKind;

/**
 * A request to run one operation.
 *
 * @public
 */
export interface OperationRequest extends StackRef {
  kind: OperationKind;
  /** URNs to limit the operation to; each must be in the stack's state. */
  targets?: string[];
  /**
   * The folder of the program (a Pulumi project folder) for the kinds that run it (`preview`, `up` and
   * `drift-check-program`), instead of the folder configured for the project in `pulumi.projects`.
   */
  programDir?: string;
  /**
   * Policy packs to enforce, for `preview` and `up`: a mandatory violation fails the operation with the
   * policy's message; advisory ones come as policy events.
   */
  policyPacks?: PolicyPackRequest[];
  /**
   * Binds an `up` or `destroy` to a plan: `{ save }` only previews it and hands `save` the plan it would
   * follow, returning its steps; `{ apply }` runs it within a plan saved so, failing (with `planRefused`)
   * on anything the plan does not hold.
   */
  plan?: OperationPlan;
  /** Receives each engine event, with secrets already redacted. */
  onEvent?: (event: EngineEvent) => void;
  /** Aborting stops the engine gracefully; the result is then `cancelled`. */
  signal?: AbortSignal;
}

/**
 * What binds an operation to a plan: see {@link OperationRequest.plan}.
 *
 * @public
 */
export type OperationPlan =
  | {
      /**
       * Receives the saved plan, as the engine wrote it: not redacted, since the engine encrypts the
       * secrets in it with the stack's secrets provider, and redaction would break it.
       */
      save: (plan: string) => void | Promise<void>;
    }
  | { apply: string };

/**
 * A policy pack to enforce in an operation.
 *
 * @public
 */
export interface PolicyPackRequest {
  /** A folder that holds a `PulumiPolicy.yaml` and its program, such as a `@pulumi/policy` pack. */
  dir: string;
  /**
   * The pack's config, as in a `--policy-pack-config` file: by policy name, an enforcement level
   * (`advisory`, `mandatory`, `disabled`) or an object with `enforcementLevel` and the policy's
   * properties; `all` sets every policy's level.
   */
  config?: Record<string, unknown>;
}

/**
 * How an operation ended.
 *
 * @public
 */
export interface OperationResult {
  kind: OperationKind;
  status: 'succeeded' | 'failed' | 'cancelled';
  /** Operation name to count, for example `{ update: 1, same: 2 }`. */
  changeSummary: Record<string, number>;
  /**
   * For `drift-check`, `drift-check-program` and `refresh`: what differed between the real resources and
   * the state and, for `drift-check-program`, between the program and what is deployed.
   */
  drift?: DriftedResource[];
  /** For `up`: the stack's outputs afterwards, secrets as `[secret]`. */
  outputs?: Record<string, unknown>;
  /** For `failed`: the engine's message, with secrets removed. */
  message?: string;
  /** For a saved plan: its steps, with secrets as `[secret]`. */
  plannedSteps?: PulumiPlannedStep[];
  /** Set when the operation failed because the stack no longer fits the plan it was bound to. */
  planRefused?: boolean;
}

/**
 * The engine wrapper as the backend plugin and the modules use it. {@link PulumiEngineClient} implements
 * it over the real Pulumi CLI; tests of one layer may stand in for it.
 *
 * @public
 */
export interface PulumiEngineService {
  /** The engine's version, for example `3.259.0`. */
  readonly version: string;
  /** The configured backends; URLs carry no credentials. */
  listBackends(): Array<{ id: string; url: string }>;
  /** Every stack of every project in one backend; with `tag`, only the stacks that have that tag. */
  listStacks(
    backendId: string,
    options?: { tag?: string },
  ): Promise<StackListing[]>;
  /** The stack's tags, by name. */
  getStackTags(ref: StackRef): Promise<Record<string, string>>;
  /** Sets one of the stack's tags. */
  setStackTag(ref: StackRef, name: string, value: string): Promise<void>;
  /** The stack's update history, newest first. */
  getHistory(
    ref: StackRef,
    options?: { pageSize?: number },
  ): Promise<UpdateRecord[]>;
  /** Resources and outputs from the stack's exported state, secrets as `[secret]`. */
  exportState(ref: StackRef): Promise<StackState>;
  /** The stack's outputs, secrets as `[secret]`. */
  getOutputs(
    ref: StackRef,
    options?: { reveal?: string[] },
  ): Promise<Record<string, unknown>>;
  /** The stack's config, secrets as `[secret]`. */
  getConfig(ref: StackRef): Promise<Record<string, StackConfigValue>>;
  /**
   * Whether a program folder is configured for the stack's project (needed by `preview`, `up` and
   * `drift-check-program`).
   */
  hasProgram(ref: StackRef): boolean;
  /** Runs one operation, streaming redacted engine events, and says how it ended. */
  runOperation(request: OperationRequest): Promise<OperationResult>;
  /**
   * The preview of a stack that does not exist yet, in a scratch backend: a scaffolder dry run. The keys
   * of `secretKeys` are secrets there, with a placeholder value.
   */
  previewNewStack(
    request: OperationRequest,
    options?: { secretKeys?: string[] },
  ): Promise<OperationResult>;
  /** Creates an empty stack, with config (in the project folder's stack file) and tags. */
  createStack(
    ref: StackRef,
    options?: {
      config?: Record<string, StackConfigValue>;
      programDir?: string;
      tags?: Record<string, string>;
    },
  ): Promise<void>;
  /** Sets config of an existing stack, in the project folder's stack file; secrets encrypted. */
  setConfig(
    ref: StackRef,
    config: Record<string, StackConfigValue>,
    options?: { programDir?: string },
  ): Promise<void>;
  /** Removes a stack; one that still has resources is refused unless `force`. */
  removeStack(ref: StackRef, options?: { force?: boolean }): Promise<void>;
}
