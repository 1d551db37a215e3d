import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { exists, findExecutable } from '../common/files';
import type { PythonOptions } from './options';

const execFileAsync = promisify(execFile);

/** The Python that runs a program and its tools, and the environment it runs in. */
export interface PythonRuntime {
  /** The interpreter: the virtualenv's `bin/python`, or PULUMI_PYTHON_CMD, or python3 from the PATH. */
  python: string;
  /** The virtualenv's folder, when the program has one. */
  virtualenv?: string;
  /** The host's environment, with the virtualenv activated when there is one. */
  env: NodeJS.ProcessEnv;
}

/**
 * Where the program's virtualenv is, as Pulumi's Python host finds it: the `virtualenv` option, relative to
 * the project folder; `.venv` (or UV_PROJECT_ENVIRONMENT) for uv; what `poetry env info --path` says for
 * poetry; none for pip without the option.
 */
export async function locateVirtualenv(
  options: PythonOptions,
  rootDirectory: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  if (options.virtualenv) {
    return path.resolve(rootDirectory, options.virtualenv);
  }
  if (options.toolchain === 'uv') {
    return path.resolve(rootDirectory, env.UV_PROJECT_ENVIRONMENT || '.venv');
  }
  if (options.toolchain === 'poetry') {
    const { stdout } = await execFileAsync(
      'poetry',
      ['env', 'info', '--path'],
      {
        cwd: rootDirectory,
        env,
      },
    );
    return stdout.trim() || undefined;
  }
  return undefined;
}

/** The environment of a program in `virtualenv`: its bin folder first on the PATH, as `activate` does. */
export function activate(
  virtualenv: string,
  env: NodeJS.ProcessEnv,
): NodeJS.ProcessEnv {
  const activated: NodeJS.ProcessEnv = {
    ...env,
    PATH: [path.join(virtualenv, 'bin'), env.PATH].filter(Boolean).join(':'),
    VIRTUAL_ENV: virtualenv,
  };
  delete activated.PYTHONHOME;
  return activated;
}

/** The Python outside any virtualenv: PULUMI_PYTHON_CMD, else python3 (or python) from the PATH. */
export function defaultPython(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PULUMI_PYTHON_CMD) {
    return env.PULUMI_PYTHON_CMD;
  }
  const found =
    findExecutable('python3', env.PATH ?? '') ??
    findExecutable('python', env.PATH ?? '');
  if (!found) {
    throw new Error(
      'Failed to locate any of ["python3" "python"] on your PATH. Have you installed Python 3.9 or greater?',
    );
  }
  return found;
}

/**
 * The Python that runs the program. A virtualenv that the options name must exist: `pulumi install`
 * creates it.
 */
export async function resolvePythonRuntime(
  options: PythonOptions,
  rootDirectory: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<PythonRuntime> {
  const virtualenv = await locateVirtualenv(options, rootDirectory, env);
  if (!virtualenv) {
    return { python: defaultPython(env), env };
  }
  const python = path.join(virtualenv, 'bin', 'python');
  if (!exists(python)) {
    throw new Error(
      `The 'virtualenv' option in Pulumi.yaml is set to "${virtualenv}", but it ${
        exists(virtualenv)
          ? "doesn't appear to be a virtual environment"
          : "doesn't exist"
      }. Run \`pulumi install\` to create it and install the program's dependencies.`,
    );
  }
  return { python, virtualenv, env: activate(virtualenv, env) };
}
