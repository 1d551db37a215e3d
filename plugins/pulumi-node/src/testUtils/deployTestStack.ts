import { LocalWorkspace, Stack } from '@pulumi/pulumi/automation';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createEngineEnvironment } from '../engine/engineEnvironment';
import { PulumiEngine } from '../engine/locateEngine';
import { readProjectFolder } from '../engine/projectFolders';
import { TemporaryBackend } from './temporaryBackend';
import { copyFixtureProject } from './testProject';

/** Copies of the built-in program by folder, made once even when stacks of a project deploy side by side. */
const builtInProjects = new Map<string, Promise<void>>();

/** The folder of the built-in program for `project` in the backend's scratch folder, made on first use. */
async function builtInProject(
  backend: TemporaryBackend,
  project: string,
): Promise<string> {
  const dir = path.join(backend.workDir, 'projects', project);
  if (!builtInProjects.has(dir)) {
    builtInProjects.set(
      dir,
      existsSync(dir)
        ? Promise.resolve()
        : mkdir(path.dirname(dir), { recursive: true }).then(() =>
            copyFixtureProject('stack-project', dir, project),
          ),
    );
  }
  await builtInProjects.get(dir);
  return dir;
}

/**
 * Deploys a real stack with `up`, its program run by its language host as for any project.
 *
 * Without `projectDir`, the program is the built-in one: one file per entry of `files` in the backend's
 * scratch folder, each a `LocalFile` of the demo's component library (a Node dynamic provider), and the outputs `files` (their paths) and `token` (a
 * secret). With `projectDir`, the program is that project folder's (see {@link createTestProject}). Config
 * set here goes to the folder's `Pulumi.<stack>.yaml`, as `pulumi config set` would put it.
 *
 * @public
 */
export async function deployTestStack(options: {
  engine: PulumiEngine;
  backend: TemporaryBackend;
  project: string;
  stack: string;
  files?: Record<string, string>;
  tags?: Record<string, string>;
  /** Stacks of the same backend that the built-in program reads with a `pulumi.StackReference`. */
  stackReferences?: string[];
  /** A Pulumi project folder whose program to deploy; its project name must be `project`. */
  projectDir?: string;
  /** Plain config values, by key without the project prefix. */
  config?: Record<string, string>;
  /** Secret config values, by key without the project prefix. */
  secretConfig?: Record<string, string>;
}): Promise<{ stack: Stack; paths: Record<string, string> }> {
  const files = options.files ?? { 'index.html': 'hello' };
  const dir = path.join(
    options.backend.workDir,
    options.project,
    options.stack,
  );
  const paths = options.projectDir
    ? {}
    : Object.fromEntries(
        Object.keys(files).map(name => [name, path.join(dir, name)]),
      );
  let workDir = options.projectDir;
  if (workDir) {
    const folder = readProjectFolder(workDir, 'projectDir');
    if (folder.name !== options.project) {
      throw new Error(
        `${workDir} holds project '${folder.name}', not '${options.project}'`,
      );
    }
  } else {
    workDir = await builtInProject(options.backend, options.project);
    await mkdir(dir, { recursive: true });
    await mkdir(path.join(workDir, 'inputs'), { recursive: true });
    await writeFile(
      path.join(workDir, 'inputs', `${options.stack}.json`),
      JSON.stringify({
        dir,
        files,
        stackReferences: options.stackReferences ?? [],
      }),
    );
  }
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: options.stack, workDir },
    {
      pulumiCommand: options.engine.command,
      pulumiHome: options.backend.pulumiHome,
      envVars: createEngineEnvironment({
        engineRoot: options.engine.root,
        pluginDirs: options.engine.pluginDirs,
        pulumiHome: options.backend.pulumiHome,
        backendUrl: options.backend.url,
        passphrase: options.backend.passphrase,
        backendEnv: options.backend.env,
      }),
    },
  );
  for (const [key, value] of Object.entries(options.tags ?? {})) {
    await stack.setTag(key, value);
  }
  const config = {
    ...Object.fromEntries(
      Object.entries(options.config ?? {}).map(([k, value]) => [k, { value }]),
    ),
    ...Object.fromEntries(
      Object.entries(options.secretConfig ?? {}).map(([k, value]) => [
        k,
        { value, secret: true },
      ]),
    ),
  };
  if (Object.keys(config).length > 0) {
    await stack.setAllConfig(config);
  }
  await stack.up();
  return { stack, paths };
}
