import { ConfigReader } from '@backstage/config';
import { PulumiEngineClient } from '../engine/PulumiEngineClient';
import { locatePulumiEngine, PulumiEngine } from '../engine/locateEngine';
import { deployTestStack } from './deployTestStack';
import {
  createTemporaryBackend,
  TemporaryBackend,
  TemporaryBackendKind,
} from './temporaryBackend';

/**
 * A project folder for `pulumi.projects`, as app config would name it.
 *
 * @public
 */
export interface TestProjectConfig {
  dir: string;
  /** The id of the only backend whose stacks use the folder. */
  backend?: string;
  /** Variables for the project's engine processes (`pulumi.projects[].env`). */
  env?: Record<string, string>;
}

/**
 * An engine client configured, as app config would, with temporary backends by id and, optionally,
 * project folders.
 *
 * @public
 */
export function createTestEngineClient(options: {
  engine: PulumiEngine;
  backends: Record<string, TemporaryBackend>;
  projects?: TestProjectConfig[];
  /** More `pulumi` config, such as `engine.plugins`. */
  config?: Record<string, unknown>;
}): Promise<PulumiEngineClient> {
  const entries = Object.entries(options.backends);
  return PulumiEngineClient.fromConfig(
    new ConfigReader({
      pulumi: {
        homeDir: entries[0]?.[1].pulumiHome ?? '',
        ...(options.config as object),
        backends: entries.map(([id, b]) => ({
          id,
          url: b.url,
          ...(b.passphrase ? { passphrase: b.passphrase } : {}),
          ...(b.env ? { env: b.env } : {}),
        })),
        ...(options.projects
          ? {
              projects: options.projects.map(p => ({
                dir: p.dir,
                ...(p.backend ? { backend: p.backend } : {}),
                ...(p.env ? { env: p.env } : {}),
              })),
            }
          : {}),
      },
    }),
    { engine: options.engine },
  );
}

/**
 * A stack for {@link createTestStacks} to deploy.
 *
 * @public
 */
export interface TestStackSpec {
  project: string;
  stack: string;
  /**
   * A project folder (see {@link createTestProject}) whose program to deploy. The client gets it in
   * `pulumi.projects`, bound to the backend `local`.
   */
  projectDir?: string;
  config?: Record<string, string>;
  secretConfig?: Record<string, string>;
  /** Stack tags, set before the first update. */
  tags?: Record<string, string>;
  /** Without `projectDir`: stacks of the same backend that the program reads through a StackReference. */
  stackReferences?: string[];
  /** Without `projectDir`: the files the built-in program manages, by name. */
  files?: Record<string, string>;
}

/**
 * A temporary backend with id `local`, real stacks deployed into it with {@link deployTestStack}, and an
 * engine client that reads it.
 *
 * @public
 */
export async function createTestStacks(options: {
  kind?: TemporaryBackendKind;
  stacks: TestStackSpec[];
  /** More folders for `pulumi.projects`, besides the `projectDir`s of `stacks`. */
  projects?: TestProjectConfig[];
  /** How many stacks to deploy at once; 1 by default. */
  concurrency?: number;
}): Promise<{
  engine: PulumiEngine;
  backend: TemporaryBackend;
  client: PulumiEngineClient;
  dispose(): Promise<void>;
}> {
  const engine = await locatePulumiEngine();
  const backend = await createTemporaryBackend({
    kind: options.kind ?? 'file',
  });
  try {
    let next = 0;
    const deployer = async () => {
      while (next < options.stacks.length) {
        const spec = options.stacks[next++];
        await deployTestStack({ engine, backend, ...spec });
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, options.concurrency ?? 1) }, deployer),
    );
    const projectDirs = [
      ...new Set(options.stacks.flatMap(s => s.projectDir ?? [])),
    ];
    const client = await createTestEngineClient({
      engine,
      backends: { local: backend },
      projects: [
        ...projectDirs.map(dir => ({ dir, backend: 'local' })),
        ...(options.projects ?? []),
      ],
    });
    return { engine, backend, client, dispose: () => backend.dispose() };
  } catch (error) {
    await backend.dispose();
    throw error;
  }
}
