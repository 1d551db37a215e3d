import { LocalWorkspace, Stack } from '@pulumi/pulumi/automation';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { createEngineEnvironment } from './engineEnvironment';
import { PulumiEngineError } from './engineErrors';
import type { StateBackend } from './stateBackends';
import type { PulumiEngine } from './locateEngine';
import type { Redactor } from './redact';

/** Creates a folder if need be, and returns it. */
async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * Where and how one engine call runs.
 *
 * @public
 */
export interface EngineCallOptions {
  engine: PulumiEngine;
  backend: StateBackend;
  pulumiHome: string;
  /**
   * A Pulumi project folder to run in, so that its `Pulumi.yaml` and `Pulumi.<stack>.yaml` apply and its
   * program runs through its language host. Without it the call runs in a temporary folder that is removed
   * afterwards.
   */
  projectDir?: string;
  /** Further variables for this project's engine processes, from `pulumi.projects[].env`. */
  projectEnv?: Record<string, string>;
}

/**
 * A workspace for one engine call, and how to clean up after it.
 *
 * @public
 */
export interface OpenedWorkspace {
  workspace: LocalWorkspace;
  close(): Promise<void>;
}

/**
 * A selected stack for one engine call, and how to clean up after it.
 *
 * @public
 */
export interface OpenedStack {
  stack: Stack;
  close(): Promise<void>;
}

/**
 * The file in which the CLI remembers the stack selected for a project folder; see `settingsPath` in the
 * CLI's pkg/workspace. A temporary folder leaves one behind on every `stack select`.
 */
function workspaceSettingsFile(
  pulumiHome: string,
  project: string,
  dir: string,
): string {
  const hash = createHash('sha1')
    .update(path.join(dir, 'Pulumi.yaml'))
    .digest('hex');
  return path.join(
    pulumiHome,
    'workspaces',
    `${project}-${hash}-workspace.json`,
  );
}

/**
 * Opens a workspace for one engine call. With a `project` and no `projectDir`, the temporary folder gets a
 * `Pulumi.yaml` of that name, which is all the CLI needs to read and operate on an existing stack.
 *
 * @public
 */
export async function openWorkspace(
  options: EngineCallOptions & { project?: string },
): Promise<OpenedWorkspace> {
  const temporary = options.projectDir
    ? undefined
    : // The CLI sees the folder by its real path, and names the settings file after that.
      await realpath(
        await mkdtemp(
          path.join(
            await mkdirp(path.join(options.pulumiHome, 'tmp')),
            'stackyard-workspace-',
          ),
        ),
      );
  const close = async () => {
    if (!temporary) return;
    if (options.project) {
      await rm(
        workspaceSettingsFile(options.pulumiHome, options.project, temporary),
        { force: true },
      );
    }
    await rm(temporary, { recursive: true, force: true });
  };
  try {
    const workspace = await LocalWorkspace.create({
      workDir: options.projectDir ?? temporary,
      pulumiCommand: options.engine.command,
      pulumiHome: options.pulumiHome,
      envVars: createEngineEnvironment({
        engineRoot: options.engine.root,
        pluginDirs: options.engine.pluginDirs,
        plugins: options.engine.plugins,
        pulumiHome: options.pulumiHome,
        backendUrl: options.backend.url,
        passphrase: options.backend.passphrase,
        accessToken: options.backend.accessToken,
        backendEnv: options.backend.env,
        projectEnv: options.projectEnv,
      }),
      projectSettings:
        temporary && options.project
          ? { name: options.project, runtime: 'nodejs' }
          : undefined,
    });
    return { workspace, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Opens a workspace and a stack in it, without selecting it: every command of the Automation API names
 * its stack (`--stack`), so `pulumi stack select` would only add a CLI process to each call, and write
 * the folder's selected stack, which concurrent calls share. A command on a stack that does not exist
 * fails with the Automation API's `StackNotFoundError`; nothing is ever created.
 *
 * @public
 */
export async function openStack(
  options: EngineCallOptions & {
    project: string;
    stack: string;
  },
): Promise<OpenedStack> {
  const { workspace, close } = await openWorkspace(options);
  try {
    // The bare stack name, in a folder whose Pulumi.yaml names the project, is what every backend accepts:
    // DIY backends want `organization/` as the organization, Pulumi Cloud wants the user's own.
    workspace.selectStack = async () => {};
    const stack = await Stack.select(options.stack, workspace);
    return { stack, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Runs one CLI command that the Automation API has no call for, in a workspace's folder and environment,
 * and returns its standard output. `input` goes to the command's standard input, which is how secret
 * values reach the CLI without appearing on a command line. A failure is a {@link PulumiEngineError} with
 * the CLI's own message, redacted.
 */
export function runCli(
  engine: PulumiEngine,
  workspace: LocalWorkspace,
  args: string[],
  redactor: Redactor,
  options: { input?: string } = {},
): Promise<string> {
  const fail = (detail: string) =>
    new PulumiEngineError(
      redactor.redact(`pulumi ${args.slice(0, 2).join(' ')}: ${detail}`),
    );
  return new Promise((resolve, reject) => {
    const child = spawn(engine.command.command, args, {
      cwd: workspace.workDir,
      env: workspace.envVars,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', chunk => stdout.push(chunk));
    child.stderr.on('data', chunk => stderr.push(chunk));
    child.on('error', error => reject(fail(error.message)));
    child.on('close', code => {
      if (code === 0) {
        resolve(Buffer.concat(stdout).toString('utf8'));
      } else {
        const message = Buffer.concat(stderr).toString('utf8').trim();
        reject(fail(message || `exited with ${code}`));
      }
    });
    child.stdin.end(options.input ?? '');
  });
}
