import { InputError, NotFoundError } from '@backstage/errors';
import type { Stack } from '@pulumi/pulumi/automation';
import { PULUMI_BACKEND_ID_PATTERN as BACKEND_ID_PATTERN } from '@stackyard/plugin-pulumi-common';
import path from 'node:path';
import { translateEngineError } from './engineErrors';
import type { PulumiEngine } from './locateEngine';
import { openStack } from './openStack';
import {
  findProjectFolder,
  ProjectFolder,
  readProjectFolder,
} from './projectFolders';
import { findStoredProject, ProjectStore } from './projectStore';
import { createRedactor, Redactor } from './redact';
import { backendUrlSecrets, ConfiguredStateBackend } from './stateBackends';
import { StateSecretsCache } from './stateSecretsCache';
import type { OperationRequest, StackRef } from './types';

/** How a stack is named in messages. */
export function stackLabel(ref: StackRef): string {
  return `${ref.project}/${ref.stack} in backend '${ref.backendId}'`;
}

/**
 * What every engine call of one client resolves against: the engine, the configured backends with their
 * credentials, and the project folders (from `pulumi.projects`, else the project store).
 */
export class EngineContext {
  /** The secrets of the stacks' states, by state version, for the operations. */
  readonly stateSecrets = new StateSecretsCache();

  constructor(
    readonly engine: PulumiEngine,
    readonly backends: ConfiguredStateBackend[],
    private readonly projects: ProjectFolder[],
    private readonly homeRoot: string,
    private readonly store?: ProjectStore,
  ) {}

  /** The configured backend `id`: an InputError for a malformed id, a NotFoundError for an unknown one. */
  backend(id: string): ConfiguredStateBackend {
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

  /** The folder of a project's program: from `pulumi.projects`, else from the project store. */
  projectFolder(backendId: string, project: string): ProjectFolder | undefined {
    return (
      findProjectFolder(this.projects, backendId, project) ??
      (this.store ? findStoredProject(this.store, project) : undefined)
    );
  }

  /** The folder whose program an operation of `kind` runs: `programDir`, else the project's. */
  programFolder(
    request: Pick<OperationRequest, 'backendId' | 'project' | 'programDir'> & {
      /** What needs the program, for the message when there is none. */
      kind: string;
    },
  ): ProjectFolder {
    if (request.programDir !== undefined) {
      return requestedFolder(request.programDir, request.project);
    }
    const folder = this.projectFolder(request.backendId, request.project);
    if (!folder) {
      throw new InputError(
        `${request.kind} runs the program of project '${request.project}', but no folder in pulumi.projects or the project store holds it; configure one or pass programDir`,
      );
    }
    return folder;
  }

  /** The folder whose `Pulumi.<stack>.yaml` takes a stack's config; config needs one. */
  configFolder(
    ref: StackRef,
    programDir: string | undefined,
    hasConfig: boolean,
  ): ProjectFolder | undefined {
    const folder =
      programDir !== undefined
        ? requestedFolder(programDir, ref.project)
        : this.projectFolder(ref.backendId, ref.project);
    if (!folder && hasConfig) {
      throw new InputError(
        `config of project '${ref.project}' needs its folder, where preview and up read it; configure one in pulumi.projects or pass programDir`,
      );
    }
    return folder;
  }

  /**
   * What an engine call may always repeat and must never show: the backend's credentials, and the
   * variables that config gives the engine processes of the backend and of the folder's project, but
   * those that are plainly a switch or a number (`true`, `off`, `3`), which no secret is and every
   * message is full of.
   */
  credentialRedactor(
    backend: ConfiguredStateBackend,
    folder?: ProjectFolder,
  ): Redactor {
    return createRedactor([
      backend.passphrase,
      backend.accessToken,
      ...backendUrlSecrets(backend.url),
      ...Object.values(backend.env ?? {}).filter(mayBeSecret),
      ...Object.values(folder?.env ?? {}).filter(mayBeSecret),
    ]);
  }

  /** Where and how an engine call runs: in the project's folder, with its variables, when there is one. */
  callOptions(backend: ConfiguredStateBackend, folder?: ProjectFolder) {
    return {
      engine: this.engine,
      backend,
      pulumiHome: path.join(this.homeRoot, backend.id),
      projectDir: folder?.dir,
      projectEnv: folder?.env,
    };
  }

  /**
   * Runs `use` on the selected stack, whose ref the caller has checked; engine errors come out as
   * Stackyard's typed errors, and everything comes out redacted.
   */
  async withStack<T>(
    ref: StackRef,
    use: (
      stack: Stack,
      learn: (secrets: Iterable<string | undefined>) => Redactor,
    ) => Promise<T>,
    options: {
      /** The project folder to run in, whose program runs through its language host. */
      folder?: ProjectFolder;
      /** Another backend than the one `ref` names: the scratch backend of a new stack's preview. */
      backend?: ConfiguredStateBackend;
    } = {},
  ): Promise<T> {
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
}

/** The folder a request names in `programDir`, which must hold the request's project. */
function requestedFolder(programDir: unknown, project: string): ProjectFolder {
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

/** Whether a configured variable's value may be a secret: anything but a switch or a number. */
function mayBeSecret(value: string): boolean {
  return !/^(true|false|yes|no|on|off|\d+(\.\d+)?)$/i.test(value.trim());
}
