import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import os from 'node:os';
import path from 'node:path';
import { EngineContext } from './engineContext';
import {
  locatePulumiEngine,
  PulumiEngine,
  readPluginAcquisition,
} from './locateEngine';
import { assertTagName, assertValidStackRef } from './names';
import { openWorkspace, runCli } from './openStack';
import { operate } from './operationRunner';
import { assertValidOperation, operationNeedsProgram } from './operations';
import { readProjectFolders } from './projectFolders';
import { readProjectStore } from './projectStore';
import { previewNewStack } from './scratchBackend';
import {
  assertValidConfig,
  assertValidTags,
  configureStack,
  readStackConfig,
} from './stackConfig';
import {
  listStacks,
  readHistory,
  removeStack,
  revealOutputs,
} from './stackReads';
import { stackStateFromDeployment } from './stackState';
import { publicBackendUrl, readStateBackends } from './stateBackends';
import type {
  OperationRequest,
  OperationResult,
  PulumiEngineService,
  StackConfigValue,
  StackListing,
  StackRef,
  StackState,
  UpdateRecord,
} from './types';

/**
 * The one engine wrapper: every Stackyard package reaches Pulumi through it, so that each call gets the
 * same engine, the same isolated environment and the same secret handling. It is a facade: each method
 * checks its input once and hands the work to the module that does it (stack reads, stack config, the
 * operation runner, the scratch backend), over one engine context (engineContext.ts).
 *
 * Reads and the operations that need no program (`refresh`, `drift-check`, `destroy`) select the stack in
 * a temporary folder that holds only a `Pulumi.yaml`. `preview`, `drift-check-program` and `up` run in the
 * project's folder, from `pulumi.projects` or the request's `programDir`, so that its `Pulumi.<stack>.yaml`
 * config applies. Programs never run in this process: the CLI starts the project's language host, which
 * starts the program, all with an environment built for the stack (see `createEngineEnvironment`).
 *
 * @public
 */
export class PulumiEngineClient implements PulumiEngineService {
  private constructor(private readonly context: EngineContext) {}

  /**
   * Reads `pulumi.backends`, `pulumi.projects`, `pulumi.projectStore`, `pulumi.homeDir` and
   * `pulumi.engine.plugins`, and locates the engine.
   */
  static async fromConfig(
    config: Config,
    options: { engine?: PulumiEngine } = {},
  ): Promise<PulumiEngineClient> {
    const backends = readStateBackends(config);
    const projects = readProjectFolders(
      config,
      backends.map(b => b.id),
    );
    const engine = {
      ...(options.engine ?? (await locatePulumiEngine({ config }))),
      plugins: readPluginAcquisition(config),
    };
    const homeRoot =
      config.getOptionalString('pulumi.homeDir') ??
      path.join(
        os.tmpdir(),
        `stackyard-pulumi-home-${process.getuid?.() ?? 0}`,
      );
    return new PulumiEngineClient(
      new EngineContext(
        engine,
        backends,
        projects,
        homeRoot,
        readProjectStore(config),
      ),
    );
  }

  /** The engine this client runs. */
  get engine(): PulumiEngine {
    return this.context.engine;
  }

  /** The engine's version, for example `3.259.0`. */
  get version(): string {
    return this.context.engine.version;
  }

  /** The configured backends; URLs carry no password and no credential query parameters. */
  listBackends(): Array<{ id: string; url: string }> {
    return this.context.backends.map(({ id, url }) => ({
      id,
      url: publicBackendUrl(url),
    }));
  }

  /** Every stack of every project in one backend; with `tag`, only the stacks that have that tag. */
  async listStacks(
    backendId: string,
    options: { tag?: string } = {},
  ): Promise<StackListing[]> {
    if (options.tag !== undefined) assertTagName('tag', options.tag);
    return listStacks(this.context, backendId, options.tag);
  }

  /** The stack's tags, by name. */
  async getStackTags(ref: StackRef): Promise<Record<string, string>> {
    assertValidStackRef(ref);
    return this.context.withStack(ref, stack => stack.listTags());
  }

  /** Sets one of the stack's tags, its name and value checked as the CLI checks them. */
  async setStackTag(ref: StackRef, name: string, value: string): Promise<void> {
    assertValidStackRef(ref);
    assertValidTags({ [name]: value });
    await this.context.withStack(ref, stack => stack.setTag(name, value));
  }

  /** The stack's update history, newest first; `pageSize` limits it to the newest entries. */
  async getHistory(
    ref: StackRef,
    options: { pageSize?: number } = {},
  ): Promise<UpdateRecord[]> {
    assertValidStackRef(ref);
    const { pageSize } = options;
    if (
      pageSize !== undefined &&
      !(Number.isInteger(pageSize) && pageSize >= 1)
    ) {
      throw new InputError(
        `pageSize ${JSON.stringify(
          pageSize,
        )} must be a whole number of at least 1`,
      );
    }
    return readHistory(this.context, ref, pageSize);
  }

  /** Resources and outputs from the stack's exported state, secrets as `[secret]`. */
  async exportState(ref: StackRef): Promise<StackState> {
    assertValidStackRef(ref);
    return this.context.withStack(ref, async stack =>
      stackStateFromDeployment(await stack.exportStack()),
    );
  }

  /**
   * The stack's outputs, secrets (also those nested inside an output) as `[secret]`, except the outputs
   * that `reveal` names, which come decrypted.
   */
  async getOutputs(
    ref: StackRef,
    options: { reveal?: string[] } = {},
  ): Promise<Record<string, unknown>> {
    const reveal = options.reveal ?? [];
    const { outputs } = await this.exportState(ref);
    if (reveal.length === 0) return outputs;
    return revealOutputs(this.context, ref, outputs, reveal);
  }

  /**
   * Removes a stack from its backend. A stack that still has resources is refused with a
   * {@link @backstage/errors#ConflictError}, unless `force`, which leaves those resources behind.
   */
  async removeStack(
    ref: StackRef,
    options: { force?: boolean } = {},
  ): Promise<void> {
    assertValidStackRef(ref);
    await removeStack(this.context, ref, Boolean(options.force));
  }

  /**
   * The stack's config, secrets as `[secret]`: the folder's `Pulumi.<stack>.yaml` when there is one, as the
   * next `preview` or `up` uses it, otherwise the config of the stack's last update.
   */
  async getConfig(ref: StackRef): Promise<Record<string, StackConfigValue>> {
    assertValidStackRef(ref);
    return readStackConfig(this.context, ref);
  }

  /**
   * Whether a project folder is configured for the stack's project (needed by `preview`, `up` and
   * `drift-check-program`).
   */
  hasProgram(ref: StackRef): boolean {
    assertValidStackRef(ref);
    this.context.backend(ref.backendId);
    return Boolean(this.context.projectFolder(ref.backendId, ref.project));
  }

  /**
   * Installs the dependencies of a project's folder (from `pulumi.projects`, the project store, or
   * `programDir`) as `pulumi install` does: the project's language host installs them, then the engine
   * checks the plugins they need. Resolves to the engine's output, redacted.
   */
  async installDependencies(options: {
    backendId: string;
    project: string;
    programDir?: string;
  }): Promise<string> {
    const backend = this.context.backend(options.backendId);
    const folder = this.context.programFolder({ ...options, kind: 'install' });
    const redactor = this.context.credentialRedactor(backend, folder);
    const { workspace, close } = await openWorkspace({
      ...this.context.callOptions(backend, folder),
      project: options.project,
    });
    try {
      return redactor.redact(
        await runCli(this.engine, workspace, ['install'], redactor),
      );
    } finally {
      await close();
    }
  }

  /**
   * Creates an empty stack, with config and tags. The config goes where `preview` and `up` read it: the
   * `Pulumi.<stack>.yaml` of the project's folder (from `pulumi.projects`, or `programDir`), so config
   * needs a folder. Keys without a namespace belong to the project. A stack that exists already is a
   * {@link @backstage/errors#ConflictError}.
   */
  async createStack(
    ref: StackRef,
    options: {
      config?: Record<string, StackConfigValue>;
      programDir?: string;
      /** Stack tags, for example the owner and component that the catalog reads. */
      tags?: Record<string, string>;
    } = {},
  ): Promise<void> {
    assertValidStackRef(ref);
    const config = options.config ?? {};
    const tags = options.tags ?? {};
    assertValidTags(tags);
    assertValidConfig(config);
    await configureStack(
      this.context,
      ref,
      { config, programDir: options.programDir },
      async workspace => {
        await workspace.createStack(ref.stack);
        for (const [name, value] of Object.entries(tags)) {
          await workspace.setTag(ref.stack, name, value);
        }
      },
    );
  }

  /**
   * Sets config of an existing stack where `preview` and `up` read it: the `Pulumi.<stack>.yaml` of the
   * project's folder (`programDir`, or the one configured in `pulumi.projects`). Secret values are encrypted
   * by the stack's secrets provider; they reach the CLI on its standard input, never on a command line.
   */
  async setConfig(
    ref: StackRef,
    config: Record<string, StackConfigValue>,
    options: { programDir?: string } = {},
  ): Promise<void> {
    assertValidStackRef(ref);
    assertValidConfig(config);
    await configureStack(
      this.context,
      ref,
      { config, programDir: options.programDir },
      workspace => workspace.selectStack(ref.stack),
    );
  }

  /**
   * Runs one operation: in the project's folder when it runs the program (`preview`, `up`,
   * `drift-check-program`), in a temporary one otherwise. Everything it passes on is redacted.
   */
  async runOperation(request: OperationRequest): Promise<OperationResult> {
    assertValidStackRef(request);
    assertValidOperation(request);
    this.context.backend(request.backendId);
    const folder = operationNeedsProgram(request.kind)
      ? this.context.programFolder(request)
      : undefined;
    return operate(this.context, request, folder);
  }

  /**
   * The preview of a stack that does not exist yet, as `pulumi:new` would create it, in a scratch backend
   * that is removed afterwards: what a scaffolder dry run shows.
   */
  async previewNewStack(
    request: OperationRequest,
    options: { secretKeys?: string[] } = {},
  ): Promise<OperationResult> {
    assertValidStackRef(request);
    assertValidOperation(request);
    if (request.kind !== 'preview') {
      throw new InputError(
        `kind '${request.kind}': only a preview runs on a new stack`,
      );
    }
    return previewNewStack(this.context, request, options.secretKeys);
  }
}
