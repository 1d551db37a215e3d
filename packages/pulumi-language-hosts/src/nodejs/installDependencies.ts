import path from 'node:path';
import { runChild } from '../common/childProcess';
import { messageOf } from '../common/errors';
import { searchUp } from '../common/files';
import { parseOptions } from './options';
import { PackageManager, resolvePackageManager } from './packageManager';
import type { ProgramLocation } from '../common/programInfo';
import { findWorkspaceRoot } from './workspaceRoot';

/** Options for {@link installDependencies}. */
export interface InstallDependenciesOptions {
  info: ProgramLocation;
  runtime: string;
  /** Receives what the user sees on stdout: our progress lines and the package manager's output. */
  stdout: (chunk: Buffer) => void;
  /** Receives the package manager's stderr. */
  stderr: (chunk: Buffer) => void;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

/**
 * Installs a program's or plugin's dependencies as the Go host does: in the root of the npm, yarn or pnpm
 * workspace the program belongs to, otherwise in the program's folder, with the package manager the
 * `packagemanager` option or the lock files choose. The engine's `is_terminal` asks for a pseudo terminal,
 * which Node.js cannot open without a native module; the package manager's output comes through pipes
 * instead, as the Go host falls back to where it has no pty.
 */
export async function installDependencies(
  options: InstallDependenciesOptions,
): Promise<void> {
  const { info, stdout } = options;
  const say = (text: string) => stdout(Buffer.from(text));
  say('Installing dependencies...\n\n');
  let workspaceRoot = info.programDirectory;
  let found;
  try {
    found = findWorkspaceRoot(info.programDirectory);
  } catch (error) {
    throw new Error(
      `failure while trying to find workspace root: ${messageOf(error)}`,
    );
  }
  if (found) {
    say(`Detected workspace root at ${found}\n`);
    workspaceRoot = found;
  }
  const opts = parseOptions(info.options, options.runtime);
  const pm = resolvePackageManager(
    opts.packagemanager,
    workspaceRoot,
    options.env,
  );
  await install(pm, workspaceRoot, options);
  // The Go host checks this too: yarn's Plug'n'Play, for one, installs without a node_modules folder.
  if (!searchUp(workspaceRoot, 'node_modules')) {
    throw new Error(
      `${pm.name} install reported success, but node_modules directory is missing`,
    );
  }
  say('Finished installing dependencies\n\n');
}

async function install(
  pm: PackageManager,
  dir: string,
  options: InstallDependenciesOptions,
): Promise<void> {
  let code = 0;
  for (let attempt = 1; attempt <= pm.attempts; attempt++) {
    const heldStderr: Buffer[] = [];
    const exit = await runChild({
      command: pm.executable,
      args: pm.installArgs,
      cwd: dir,
      env: options.env ?? process.env,
      signal: options.signal,
      stopSignal: 'SIGKILL',
      onStdout: options.stdout,
      onStderr: chunk =>
        pm.stderrOnFailureOnly ? heldStderr.push(chunk) : options.stderr(chunk),
    });
    code = exit.code;
    if (code === 0) {
      return;
    }
    heldStderr.forEach(chunk => options.stderr(chunk));
    if (options.signal?.aborted) {
      break;
    }
    if (attempt < pm.attempts) {
      await new Promise(resolve => setTimeout(resolve, 1000 * attempt));
    }
  }
  const tries = pm.attempts > 1 ? ` after ${pm.attempts} attempts` : '';
  throw new Error(
    `${pm.name} install failed${tries} in ${path.resolve(
      dir,
    )}: exit status ${code}`,
  );
}
