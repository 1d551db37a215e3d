import path from 'node:path';
import { runChild } from '../common/childProcess';
import { exists } from '../common/files';
import type { ProgramLocation } from '../common/programInfo';
import { parsePythonOptions, PythonOptions } from './options';
import { activate, defaultPython, locateVirtualenv } from './toolchain';

/** Options for {@link installDependencies}. */
export interface InstallDependenciesOptions {
  info: ProgramLocation;
  stdout: (chunk: Buffer) => void;
  stderr: (chunk: Buffer) => void;
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

interface Step {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Installs a program's dependencies, as Pulumi's Python host does for `pulumi install`: with pip, the
 * virtualenv is created when it is missing or empty and requirements.txt installed into it (or into the
 * Python itself without one); with uv, `uv sync` (or `uv venv` and `uv pip install` for a requirements.txt
 * project); with poetry, `poetry install`. Every command's output streams back.
 */
export async function installDependencies(
  options: InstallDependenciesOptions,
): Promise<void> {
  const { info, env = process.env } = options;
  const python = parsePythonOptions(info.options);
  const steps = await installSteps(python, info.rootDirectory, env);
  for (const step of steps) {
    options.stdout(
      Buffer.from(`$ ${[step.command, ...step.args].join(' ')}\n`),
    );
    const exit = await runChild({
      ...step,
      cwd: info.rootDirectory,
      signal: options.signal,
      stopSignal: 'SIGKILL',
      onStdout: options.stdout,
      onStderr: options.stderr,
    });
    if (exit.code !== 0) {
      throw new Error(
        `${path.basename(step.command)} ${
          step.args[0] ?? ''
        } failed with exit code ${exit.code}`,
      );
    }
  }
}

/** The commands that install a program's dependencies with its toolchain. */
export async function installSteps(
  options: PythonOptions,
  rootDirectory: string,
  env: NodeJS.ProcessEnv,
): Promise<Step[]> {
  const requirements = path.join(rootDirectory, 'requirements.txt');
  if (options.toolchain === 'poetry') {
    return [{ command: 'poetry', args: ['install', '--no-root'], env }];
  }
  const virtualenv = await locateVirtualenv(options, rootDirectory, env);
  if (options.toolchain === 'uv') {
    if (exists(path.join(rootDirectory, 'pyproject.toml'))) {
      return [{ command: 'uv', args: ['sync'], env }];
    }
    const venvEnv = activate(virtualenv!, env);
    return [
      { command: 'uv', args: ['venv', virtualenv!], env },
      {
        command: 'uv',
        args: ['pip', 'install', '-r', requirements],
        env: venvEnv,
      },
    ];
  }
  const steps: Step[] = [];
  let python = defaultPython(env);
  let pipEnv = env;
  if (virtualenv) {
    if (!exists(path.join(virtualenv, 'bin', 'python'))) {
      steps.push({ command: python, args: ['-m', 'venv', virtualenv], env });
    }
    python = path.join(virtualenv, 'bin', 'python');
    pipEnv = activate(virtualenv, env);
  }
  if (exists(requirements)) {
    steps.push({
      command: python,
      args: ['-m', 'pip', 'install', '-r', requirements],
      env: pipEnv,
    });
  }
  return steps;
}
