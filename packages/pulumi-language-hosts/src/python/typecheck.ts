import path from 'node:path';
import { runChild } from '../common/childProcess';
import { exists } from '../common/files';
import type { PythonRuntime } from './toolchain';

/**
 * Runs the type checker the options name over the program folder before the program runs, as Pulumi's
 * Python host does: `mypy` or `pyright` from the virtualenv (else `python -m mypy`, or pyright from the
 * PATH). Its findings go to stderr; a failure fails the run.
 */
export async function typecheck(
  checker: 'mypy' | 'pyright',
  runtime: PythonRuntime,
  programDirectory: string,
  signal: AbortSignal,
): Promise<void> {
  const { command, args } = checkerCommand(checker, runtime);
  const exit = await runChild({
    command,
    args: [...args, programDirectory],
    cwd: programDirectory,
    env: runtime.env,
    signal,
    stopSignal: 'SIGKILL',
    onStdout: chunk => process.stderr.write(chunk),
    onStderr: chunk => process.stderr.write(chunk),
  });
  if (exit.code !== 0) {
    throw new Error(`${checker} failed with exit code ${exit.code}`);
  }
}

function checkerCommand(
  checker: 'mypy' | 'pyright',
  runtime: PythonRuntime,
): { command: string; args: string[] } {
  const inVirtualenv =
    runtime.virtualenv && path.join(runtime.virtualenv, 'bin', checker);
  if (inVirtualenv && exists(inVirtualenv)) {
    return { command: inVirtualenv, args: [] };
  }
  return checker === 'mypy'
    ? { command: runtime.python, args: ['-m', 'mypy'] }
    : { command: 'pyright', args: [] };
}
