import { Config } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { LocalWorkspace } from '@pulumi/pulumi/automation';
import os from 'node:os';
import path from 'node:path';
import { createEngineEnvironment } from './engineEnvironment';
import { locatePulumiEngine, PulumiEngine } from './locateEngine';
import { ConfiguredStateBackend, readStateBackends } from './stateBackends';

/**
 * A stack in a state backend.
 *
 * @public
 */
export interface StackSummary {
  backendId: string;
  organization: string;
  project: string;
  stack: string;
  /** When the last update ended, as an ISO timestamp; absent for a stack never updated. */
  lastUpdate?: string;
  resourceCount?: number;
}

/** The value that stands for a secret wherever one would leave the engine wrapper. */
export const SECRET_PLACEHOLDER = '[secret]';

/**
 * The one engine wrapper: every Stackyard package reaches Pulumi through it, so that each call gets the
 * same engine, the same isolated environment and the same secret handling.
 *
 * @public
 */
export class PulumiEngineClient {
  private constructor(
    readonly engine: PulumiEngine,
    private readonly backends: ConfiguredStateBackend[],
    private readonly homeRoot: string,
  ) {}

  static async fromConfig(
    config: Config,
    options: { engine?: PulumiEngine } = {},
  ): Promise<PulumiEngineClient> {
    const engine = options.engine ?? (await locatePulumiEngine({ config }));
    const homeRoot =
      config.getOptionalString('pulumi.homeDir') ??
      path.join(
        os.tmpdir(),
        `stackyard-pulumi-home-${process.getuid?.() ?? 0}`,
      );
    return new PulumiEngineClient(engine, readStateBackends(config), homeRoot);
  }

  /** The configured backends, without their credentials. */
  listBackends(): Array<{ id: string; url: string }> {
    return this.backends.map(({ id, url }) => ({ id, url }));
  }

  private backend(id: string): ConfiguredStateBackend {
    const backend = this.backends.find(b => b.id === id);
    if (!backend) {
      throw new NotFoundError(`No Pulumi state backend with id '${id}'`);
    }
    return backend;
  }

  private async workspace(backend: ConfiguredStateBackend, project?: string) {
    const pulumiHome = path.join(this.homeRoot, backend.id);
    return LocalWorkspace.create({
      pulumiCommand: this.engine.command,
      pulumiHome,
      envVars: createEngineEnvironment({
        engineRoot: this.engine.root,
        pulumiHome,
        backendUrl: backend.url,
        passphrase: backend.passphrase,
        accessToken: backend.accessToken,
      }),
      projectSettings: project
        ? { name: project, runtime: 'nodejs', backend: { url: backend.url } }
        : undefined,
    });
  }

  /** Every stack of every project in one backend. */
  async listStacks(backendId: string): Promise<StackSummary[]> {
    const ws = await this.workspace(this.backend(backendId));
    const stacks = await ws.listStacks({ all: true });
    return stacks.map(s => {
      const [organization, project, stack] = s.name.split('/');
      return {
        backendId,
        organization,
        project,
        stack,
        lastUpdate: s.lastUpdate,
        resourceCount: s.resourceCount,
      };
    });
  }

  /** A stack's outputs; secret values come back as `[secret]`. */
  async getOutputs(options: {
    backendId: string;
    project: string;
    stack: string;
  }): Promise<Record<string, unknown>> {
    const ws = await this.workspace(
      this.backend(options.backendId),
      options.project,
    );
    const name = `organization/${options.project}/${options.stack}`;
    const known = await this.listStacks(options.backendId);
    if (
      !known.some(
        s => s.project === options.project && s.stack === options.stack,
      )
    ) {
      throw new NotFoundError(
        `No stack ${options.project}/${options.stack} in backend '${options.backendId}'`,
      );
    }
    const outputs = await ws.stackOutputs(name);
    return Object.fromEntries(
      Object.entries(outputs).map(([key, { value, secret }]) => [
        key,
        secret ? SECRET_PLACEHOLDER : value,
      ]),
    );
  }
}
