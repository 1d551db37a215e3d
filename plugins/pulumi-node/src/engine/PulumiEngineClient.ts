import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  ConfigMap,
  LocalWorkspace,
  Stack,
} from '@pulumi/pulumi/automation';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { translateEngineError } from './engineErrors';
import {
  locatePulumiEngine,
  PulumiEngine,
  readPluginAcquisition,
} from './locateEngine';
import {
  PULUMI_BACKEND_ID_PATTERN as BACKEND_ID_PATTERN,
  PULUMI_TAG_NAME_PATTERN,
} from '@stackyard/plugin-pulumi-common';
import { assertValidStackRef } from './names';
import { openStack, openWorkspace, runCli } from './openStack';
import {
  assertTargetsExist,
  assertValidOperation,
  operationNeedsProgram,
  runStackOperation,
} from './operations';
import {
  findProjectFolder,
  ProjectFolder,
  readProjectFolder,
  readProjectFolders,
} from './projectFolders';
import {
  findStoredProject,
  ProjectStore,
  readProjectStore,
} from './projectStore';
import {
  createRedactor,
  Redactor,
  SECRET_PLACEHOLDER,
  secretConfigValues,
  secretStrings,
} from './redact';
import { deploymentUrns, stackStateFromDeployment } from './stackState';
import {
  backendUrlSecrets,
  ConfiguredStateBackend,
  publicBackendUrl,
  readStateBackends,
} from './stateBackends';
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

const STACK_FILE_EXTENSIONS = ['yaml', 'yml', 'json'];
// `key` or `namespace:key`, as `pulumi config set` takes them (without `--path`).
const CONFIG_KEY = /^([A-Za-z0-9_.-]+:)?[A-Za-z0-9_.-]+$/;

function isoTime(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(String(value));
  // An update still running reports the zero time as its end.
  return Number.isNaN(date.getTime()) || date.getTime() <= 0
    ? undefined
    : date.toISOString();
}

function stackLabel(ref: StackRef): string {
  return `${ref.project}/${ref.stack} in backend '${ref.backendId}'`;
}

/** Config keys and values as `createStack` and `setConfig` take them; a bad one is an InputError naming it. */
function assertValidConfig(config: Record<string, StackConfigValue>): void {
  for (const [key, entry] of Object.entries(config)) {
    if (!CONFIG_KEY.test(key)) {
      throw new InputError(
        `config key ${JSON.stringify(
          key,
        )} is not a valid key, such as 'replicas' or 'aws:region'`,
      );
    }
    if (typeof entry?.value !== 'string') {
      throw new InputError(`config.${key}.value must be a string`);
    }
  }
}

/**
 * The one engine wrapper: every Stackyard package reaches Pulumi through it, so that each call gets the
 * same engine, the same isolated environment and the same secret handling.
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
  private constructor(
    readonly engine: PulumiEngine,
    private readonly backends: ConfiguredStateBackend[],
    private readonly projects: ProjectFolder[],
    private readonly homeRoot: string,
    private readonly store?: ProjectStore,
  ) {}

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
      engine,
      backends,
      projects,
      homeRoot,
      readProjectStore(config),
    );
  }

  /** The engine's version, for example `3.259.0`. */
  get version(): string {
    return this.engine.version;
  }

  /** The configured backends; URLs carry no password and no credential query parameters. */
  listBackends(): Array<{ id: string; url: string }> {
    return this.backends.map(({ id, url }) => ({
      id,
      url: publicBackendUrl(url),
    }));
  }

  /** The folder of a project's program: from `pulumi.projects`, else from the project store. */
  private projectFolder(
    backendId: string,
    project: string,
  ): ProjectFolder | undefined {
    return (
      findProjectFolder(this.projects, backendId, project) ??
      (this.store ? findStoredProject(this.store, project) : undefined)
    );
  }

  private backend(id: string): ConfiguredStateBackend {
    if (typeof id !== 'string' || !BACKEND_ID_PATTERN.test(id)) {
      throw new InputError(
        `backendId ${JSON.stringify(id)} is not a valid backend id`,
      );
    }
    const backend = this.backends.find(b => b.id === id);
    if (!backend) {
      throw new NotFoundError(`No Pulumi state backend with id '${id}'`);
    }
    return backend;
  }

  /**
   * What an engine call may always repeat and must never show: the backend's credentials, and the
   * variables that config gives the engine processes of the backend and of the folder's project.
   */
  private credentialRedactor(
    backend: ConfiguredStateBackend,
    folder?: ProjectFolder,
  ): Redactor {
    return createRedactor([
      backend.passphrase,
      backend.accessToken,
      ...backendUrlSecrets(backend.url),
      ...Object.values(backend.env ?? {}),
      ...Object.values(folder?.env ?? {}),
    ]);
  }

  /** Where and how an engine call runs: in the project's folder, with its variables, when there is one. */
  private callOptions(backend: ConfiguredStateBackend, folder?: ProjectFolder) {
    return {
      engine: this.engine,
      backend,
      pulumiHome: path.join(this.homeRoot, backend.id),
      projectDir: folder?.dir,
      projectEnv: folder?.env,
    };
  }

  /** Runs `use` on the selected stack; engine errors come out as Stackyard's typed errors. */
  private async withStack<T>(
    ref: StackRef,
    use: (
      stack: Stack,
      learn: (secrets: Iterable<string | undefined>) => Redactor,
    ) => Promise<T>,
    options: {
      /** The project folder to run in, whose program runs through its language host. */
      folder?: ProjectFolder;
      /** Another backend than the one `ref` names: the scratch backend of {@link previewNewStack}. */
      backend?: ConfiguredStateBackend;
    } = {},
  ): Promise<T> {
    assertValidStackRef(ref);
    const backend = options.backend ?? this.backend(ref.backendId);
    const { folder } = options;
    // A call that needs no program (a refresh, a drift check) still gets the project's variables, such as
    // the credentials its provider reads the real resources with.
    const envFolder = folder ?? this.projectFolder(ref.backendId, ref.project);
    let redactor = this.credentialRedactor(backend, envFolder);
    let opened: Awaited<ReturnType<typeof openStack>> | undefined;
    try {
      opened = await openStack({
        ...this.callOptions(backend, folder),
        projectEnv: envFolder?.env,
        project: ref.project,
        stack: ref.stack,
      });
      // Secrets learnt on the way also apply to an error that follows.
      const result = await use(opened.stack, secrets => {
        redactor = redactor.with(secrets);
        return redactor;
      });
      return redactor.redact(result);
    } catch (error) {
      throw translateEngineError(error, { redactor, stack: stackLabel(ref) });
    } finally {
      await opened?.close();
    }
  }

  /** Every stack of every project in one backend. */
  async listStacks(
    backendId: string,
    options: { tag?: string } = {},
  ): Promise<StackListing[]> {
    const { tag } = options;
    if (tag !== undefined && !PULUMI_TAG_NAME_PATTERN.test(tag)) {
      throw new InputError(
        `tag ${JSON.stringify(
          tag,
        )} is not a stack tag name: up to 40 letters, digits, '_', '.', ':' or '-'`,
      );
    }
    const backend = this.backend(backendId);
    const redactor = this.credentialRedactor(backend);
    // No project here: in a project's folder the CLI would list that project's stacks by short name.
    const { workspace, close } = await openWorkspace(this.callOptions(backend));
    try {
      // The Automation API cannot filter by tag; the CLI can, in one call, on every kind of backend.
      const stacks: Array<{
        name: string;
        lastUpdate?: string;
        resourceCount?: number;
        url?: string;
      }> =
        tag === undefined
          ? await workspace.listStacks({ all: true })
          : JSON.parse(
              await runCli(
                this.engine,
                workspace,
                ['stack', 'ls', '--all', '--json', '--tag', tag],
                redactor,
              ),
            );
      return stacks.map(s => {
        const [organization, project, stack] = s.name.split('/');
        return {
          backendId,
          organization,
          project,
          stack,
          ...(s.lastUpdate ? { lastUpdate: s.lastUpdate } : {}),
          ...(s.resourceCount !== undefined
            ? { resourceCount: s.resourceCount }
            : {}),
          ...(s.url ? { consoleUrl: s.url } : {}),
        };
      });
    } catch (error) {
      throw translateEngineError(error, { redactor });
    } finally {
      await close();
    }
  }

  /** The stack's tags, by name. */
  async getStackTags(ref: StackRef): Promise<Record<string, string>> {
    return this.withStack(ref, stack => stack.listTags());
  }

  /** The stack's update history, newest first; `pageSize` limits it to the newest entries. */
  async getHistory(
    ref: StackRef,
    options: { pageSize?: number } = {},
  ): Promise<UpdateRecord[]> {
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
    return this.withStack(ref, async stack => {
      // Without --show-secrets: the records need nothing decrypted.
      const history = await stack.history(pageSize, 1, false);
      return history.map(h => ({
        ...(typeof h.version === 'number' ? { version: h.version } : {}),
        kind: h.kind,
        result: h.result,
        startTime: isoTime(h.startTime) ?? '',
        ...(isoTime(h.endTime) ? { endTime: isoTime(h.endTime) } : {}),
        ...(h.message ? { message: h.message } : {}),
        resourceChanges: Object.fromEntries(
          Object.entries(h.resourceChanges ?? {}).filter(
            (e): e is [string, number] => typeof e[1] === 'number',
          ),
        ),
      }));
    });
  }

  /** Resources and outputs from the stack's exported state, secrets as `[secret]`. */
  async exportState(ref: StackRef): Promise<StackState> {
    return this.withStack(ref, async stack =>
      stackStateFromDeployment(await stack.exportStack()),
    );
  }

  /** The stack's outputs, secrets (also those nested inside an output) as `[secret]`. */
  async getOutputs(
    ref: StackRef,
    options: { reveal?: string[] } = {},
  ): Promise<Record<string, unknown>> {
    const reveal = options.reveal ?? [];
    const { outputs } = await this.exportState(ref);
    if (reveal.length === 0) return outputs;
    for (const name of reveal) {
      if (!(name in outputs)) {
        throw new InputError(
          `revealOutputs names '${name}', which is not an output of stack ${stackLabel(
            ref,
          )}`,
        );
      }
    }
    // Only the outputs asked for are decrypted, and only those leave this method in plain text.
    const plain = await this.withStack(ref, stack => stack.outputs());
    return Object.fromEntries(
      Object.entries(outputs).map(([name, value]) => [
        name,
        reveal.includes(name) ? plain[name]?.value : value,
      ]),
    );
  }

  /**
   * Removes a stack from its backend. A stack that still has resources is refused with a
   * {@link @backstage/errors#ConflictError}, unless `force`, which leaves those resources behind.
   */
  async removeStack(
    ref: StackRef,
    options: { force?: boolean } = {},
  ): Promise<void> {
    await this.withStack(ref, async stack => {
      if (!options.force) {
        const { resources } = stackStateFromDeployment(
          await stack.exportStack(),
        );
        const left = resources.filter(
          r =>
            r.type !== 'pulumi:pulumi:Stack' &&
            !r.type.startsWith('pulumi:providers:'),
        );
        if (left.length > 0) {
          throw new ConflictError(
            `Stack ${stackLabel(ref)} still has ${
              left.length
            } resources; destroy them first`,
          );
        }
      }
      await stack.workspace.removeStack(stack.name, { force: options.force });
    });
  }

  /**
   * The stack's config, secrets as `[secret]`. With a project folder that holds a `Pulumi.<stack>.yaml`,
   * that file is the config, as it is what the next `preview` or `up` uses; otherwise it is the config of
   * the stack's last update, as the backend recorded it.
   */
  async getConfig(ref: StackRef): Promise<Record<string, StackConfigValue>> {
    assertValidStackRef(ref);
    const folder = this.projectFolder(ref.backendId, ref.project);
    const useFolder =
      folder &&
      STACK_FILE_EXTENSIONS.some(ext =>
        existsSync(path.join(folder.dir, `Pulumi.${ref.stack}.${ext}`)),
      );
    return this.withStack(
      ref,
      async stack => {
        const config: ConfigMap = useFolder
          ? await stack.getAllConfig()
          : (await stack.info(false))?.config ?? {};
        return Object.fromEntries(
          Object.entries(config).map(([key, { value, secret }]) => {
            const text =
              typeof value === 'string' ? value : JSON.stringify(value);
            return [
              key,
              {
                value: secret ? SECRET_PLACEHOLDER : text,
                secret: Boolean(secret),
              },
            ];
          }),
        );
      },
      useFolder ? { folder } : {},
    );
  }

  /**
   * Whether a project folder is configured for the stack's project (needed by `preview`, `up` and
   * `drift-check-program`).
   */
  hasProgram(ref: StackRef): boolean {
    assertValidStackRef(ref);
    this.backend(ref.backendId);
    return Boolean(this.projectFolder(ref.backendId, ref.project));
  }

  /**
   * Installs the dependencies of a project's folder (from `pulumi.projects`, the project store, or
   * `programDir`) as `pulumi install` does: the project's language host installs them (for Node.js with npm,
   * yarn or pnpm, chosen by the lockfile), then the engine checks the plugins they need. Resolves to the
   * engine's output, redacted.
   */
  async installDependencies(options: {
    backendId: string;
    project: string;
    programDir?: string;
  }): Promise<string> {
    const backend = this.backend(options.backendId);
    const folder = this.programFolder({ ...options, kind: 'install' });
    const redactor = this.credentialRedactor(backend, folder);
    const { workspace, close } = await openWorkspace({
      ...this.callOptions(backend, folder),
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

  /** The folder a request names in `programDir`, which must hold the request's project. */
  private requestedFolder(programDir: unknown, project: string): ProjectFolder {
    if (typeof programDir !== 'string' || !programDir) {
      throw new InputError('programDir must be the path of a folder');
    }
    const folder = readProjectFolder(programDir, 'programDir');
    if (folder.name !== project) {
      throw new InputError(
        `programDir '${programDir}' holds project '${folder.name}', not '${project}'`,
      );
    }
    return folder;
  }

  private programFolder(
    request: Pick<OperationRequest, 'backendId' | 'project' | 'programDir'> & {
      /** What needs the program, for the message when there is none. */
      kind: string;
    },
  ): ProjectFolder {
    if (request.programDir !== undefined) {
      return this.requestedFolder(request.programDir, request.project);
    }
    const folder = this.projectFolder(request.backendId, request.project);
    if (!folder) {
      throw new InputError(
        `${request.kind} runs the program of project '${request.project}', but no folder in pulumi.projects or the project store holds it; configure one or pass programDir`,
      );
    }
    return folder;
  }

  /**
   * Creates an empty stack, with config. The config goes where `preview` and `up` read it: the
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
    const backend = this.backend(ref.backendId);
    const config = options.config ?? {};
    const tags = options.tags ?? {};
    for (const [name, value] of Object.entries(tags)) {
      if (!PULUMI_TAG_NAME_PATTERN.test(name)) {
        throw new InputError(
          `tags: ${JSON.stringify(
            name,
          )} is not a stack tag name: up to 40 letters, digits, '_', '.', ':' or '-'`,
        );
      }
      if (typeof value !== 'string' || value.length > 256) {
        throw new InputError(
          `tags.${name} must be a string of at most 256 characters`,
        );
      }
    }
    assertValidConfig(config);
    const folder = this.configFolder(ref, options.programDir, config);
    const redactor = this.credentialRedactor(backend, folder).with(
      Object.values(config).flatMap(e => (e.secret ? [e.value] : [])),
    );
    const { workspace, close } = await openWorkspace({
      ...this.callOptions(backend, folder),
      project: ref.project,
    });
    try {
      await workspace.createStack(ref.stack);
      await this.writeConfig(workspace, ref.stack, config, redactor);
      for (const [name, value] of Object.entries(tags)) {
        await workspace.setTag(ref.stack, name, value);
      }
    } catch (error) {
      throw translateEngineError(error, { redactor, stack: stackLabel(ref) });
    } finally {
      await close();
    }
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
    const backend = this.backend(ref.backendId);
    const folder = this.configFolder(ref, options.programDir, config);
    const redactor = this.credentialRedactor(backend, folder).with(
      Object.values(config).flatMap(e => (e.secret ? [e.value] : [])),
    );
    const { workspace, close } = await openWorkspace({
      ...this.callOptions(backend, folder),
      project: ref.project,
    });
    try {
      await workspace.selectStack(ref.stack);
      await this.writeConfig(workspace, ref.stack, config, redactor);
    } catch (error) {
      throw translateEngineError(error, { redactor, stack: stackLabel(ref) });
    } finally {
      await close();
    }
  }

  /** The folder whose `Pulumi.<stack>.yaml` takes a stack's config; config needs one. */
  private configFolder(
    ref: StackRef,
    programDir: string | undefined,
    config: Record<string, StackConfigValue>,
  ): ProjectFolder | undefined {
    const folder =
      programDir !== undefined
        ? this.requestedFolder(programDir, ref.project)
        : this.projectFolder(ref.backendId, ref.project);
    if (!folder && Object.keys(config).length > 0) {
      throw new InputError(
        `config of project '${ref.project}' needs its folder, where preview and up read it; configure one in pulumi.projects or pass programDir`,
      );
    }
    return folder;
  }

  /** Plain values in one call; each secret through standard input, so that no command line holds it. */
  private async writeConfig(
    workspace: LocalWorkspace,
    stack: string,
    config: Record<string, StackConfigValue>,
    redactor: Redactor,
  ): Promise<void> {
    const entries = Object.entries(config);
    const plain = entries.filter(([, e]) => !e.secret);
    if (plain.length > 0) {
      await workspace.setAllConfig(
        stack,
        Object.fromEntries(
          plain.map(([key, { value }]) => [key, { value, secret: false }]),
        ),
      );
    }
    for (const [key, { value }] of entries.filter(([, e]) => e.secret)) {
      await runCli(
        this.engine,
        workspace,
        [
          'config',
          'set',
          '--secret',
          '--non-interactive',
          '--stack',
          stack,
          key,
        ],
        redactor,
        { input: value },
      );
    }
  }

  /**
   * Runs one operation. Before the engine starts, it learns the secrets it must remove from everything it
   * passes on: the backend's credentials, the decrypted config (of the folder and of the last update) and
   * every decrypted secret in the state, which includes the stack's secret outputs.
   */
  async runOperation(request: OperationRequest): Promise<OperationResult> {
    assertValidStackRef(request);
    assertValidOperation(request);
    this.backend(request.backendId);
    const folder = operationNeedsProgram(request.kind)
      ? this.programFolder(request)
      : undefined;
    return this.operate(request, folder);
  }

  /**
   * The preview of a stack that does not exist yet, as `pulumi:new` would create it: the project folder's
   * program and its `Pulumi.<stack>.yaml` config, previewed in a scratch stack of a temporary file://
   * backend with a one-time passphrase, so that nothing reaches the real backend. This is what a
   * scaffolder dry run shows. The folder's stack file is as it was afterwards, and the scratch backend is
   * removed. Config secrets cannot be previewed this way: the stack file must hold plain values only.
   */
  async previewNewStack(request: OperationRequest): Promise<OperationResult> {
    assertValidStackRef(request);
    assertValidOperation(request);
    if (request.kind !== 'preview') {
      throw new InputError(
        `kind '${request.kind}': only a preview runs on a new stack`,
      );
    }
    const real = this.backend(request.backendId);
    const folder = this.programFolder(request);
    const stackFile = path.join(folder.dir, `Pulumi.${request.stack}.yaml`);
    const original = existsSync(stackFile)
      ? await readFile(stackFile)
      : undefined;
    if (original && /\bsecure:/.test(original.toString('utf8'))) {
      throw new InputError(
        `${path.basename(
          stackFile,
        )} holds encrypted config, which only the real stack can read; preview that stack instead`,
      );
    }
    const scratchDir = await realpath(
      await mkdtemp(path.join(os.tmpdir(), 'stackyard-scratch-')),
    );
    const scratch: ConfiguredStateBackend = {
      id: real.id,
      url: `file://${scratchDir}`,
      passphrase: randomBytes(24).toString('hex'),
      // The programs of the real backend's stacks run with its variables; so does their preview.
      env: real.env,
    };
    try {
      const { workspace, close } = await openWorkspace({
        ...this.callOptions(scratch, folder),
        project: request.project,
      });
      try {
        await workspace.createStack(request.stack);
      } catch (error) {
        throw translateEngineError(error, {
          redactor: this.credentialRedactor(scratch, folder),
          stack: stackLabel(request),
        });
      } finally {
        await close();
      }
      return await this.operate(request, folder, scratch);
    } finally {
      if (original) await writeFile(stackFile, original);
      else await rm(stackFile, { force: true });
      await rm(scratchDir, { recursive: true, force: true });
    }
  }

  private async operate(
    request: OperationRequest,
    folder: ProjectFolder | undefined,
    backend?: ConfiguredStateBackend,
  ): Promise<OperationResult> {
    const cancelled: OperationResult = {
      kind: request.kind,
      status: 'cancelled',
      changeSummary: {},
    };
    if (request.signal?.aborted) return cancelled;
    return this.withStack(
      request,
      async (stack, learn) => {
        // Independent CLI calls: run them side by side, they are most of what a run adds to the engine.
        const [deployment, last] = await Promise.all([
          stack.exportStack(),
          stack.info(true),
        ]);
        assertTargetsExist(request.targets, deploymentUrns(deployment));
        const redactor = learn([
          ...secretStrings(deployment),
          ...secretConfigValues(last?.config),
          ...(folder ? secretConfigValues(await stack.getAllConfig()) : []),
        ]);
        // The Automation API only listens for an abort while the CLI runs.
        if (request.signal?.aborted) return cancelled;
        return runStackOperation(stack, request, redactor, { deployment });
      },
      { folder, backend },
    );
  }
}
