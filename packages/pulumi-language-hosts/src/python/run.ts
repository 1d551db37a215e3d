import { RunRequest } from '@pulumi/pulumi/proto/language_pb';
import path from 'node:path';
import { runChild } from '../common/childProcess';
import { messageOf } from '../common/errors';
import { exists } from '../common/files';
import { readProgramInfo } from '../common/programInfo';
import { HostSession, requireEngineAddress } from '../common/serve';
import { parsePythonOptions } from './options';
import { buildConfigJson, buildExecArguments } from './runArguments';
import { resolvePythonRuntime } from './toolchain';
import { typecheck } from './typecheck';

/** The outcome of a program run, as RunResponse carries it. */
export interface RunOutcome {
  /** A message for the user when the program failed; empty on success and on bail. */
  error: string;
  /** The program already reported its error to the engine (exit code 32): show nothing more. */
  bail: boolean;
}

// The exec script exits with this code when it has already logged the program's error to the engine.
const exitedAfterReportingError = 32;

/** Our exec script, beside the host's own executable, as Pulumi's host finds its own. */
export function execScriptPath(): string {
  return path.join(
    path.dirname(process.argv[1]),
    'pulumi-language-python-exec',
  );
}

/**
 * Runs a program for the engine, as Pulumi's Python host: the type checker first when the options name
 * one, then `python -u pulumi-language-python-exec --monitor ... <program>` with the program's Python (its
 * virtualenv's, or PULUMI_PYTHON_CMD, or python3), the config in PULUMI_CONFIG and the secret keys in
 * PULUMI_CONFIG_SECRET_KEYS. The program's stdout and stderr go to the host's own, which the engine shows.
 */
export async function runProgram(
  request: RunRequest,
  session: HostSession,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const stop = AbortSignal.any([signal, session.cancelSignal]);
  try {
    const engineAddress = requireEngineAddress(session);
    const info = readProgramInfo(request.getInfo());
    const options = parsePythonOptions(info.options);
    const runtime = await resolvePythonRuntime(options, info.rootDirectory);
    const execPath = execScriptPath();
    if (!exists(execPath)) {
      throw new Error(`missing executor ${execPath}`);
    }
    if (options.typechecker) {
      await typecheck(
        options.typechecker,
        runtime,
        info.programDirectory,
        stop,
      );
    }
    const args = buildExecArguments({
      execPath,
      monitorAddress: request.getMonitorAddress(),
      engineAddress,
      organization: request.getOrganization(),
      project: request.getProject(),
      rootDirectory: info.rootDirectory,
      stack: request.getStack(),
      programDirectory: info.programDirectory,
      entryPoint: info.entryPoint,
      dryRun: request.getDryrun(),
      parallel: request.getParallel(),
      tracing: session.tracing,
      args: request.getArgsList(),
    });
    const env = {
      ...runtime.env,
      PULUMI_CONFIG: buildConfigJson(request.getConfigMap().entries()),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(
        request.getConfigsecretkeysList(),
      ),
    };
    return await execute(runtime.python, args, env, stop);
  } catch (error) {
    return { error: messageOf(error), bail: false };
  }
}

async function execute(
  python: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<RunOutcome> {
  let exit;
  try {
    exit = await runChild({
      command: python,
      args,
      env,
      signal,
      stopSignal: 'SIGINT',
      onStdout: chunk => process.stdout.write(chunk),
      onStderr: chunk => process.stderr.write(chunk),
    });
  } catch (error) {
    return {
      error: `Problem executing program (could not run language executor): ${messageOf(
        error,
      )}`,
      bail: false,
    };
  }
  if (exit.code === 0) {
    return { error: '', bail: false };
  }
  if (exit.code === exitedAfterReportingError) {
    return { error: '', bail: true };
  }
  return {
    error: `Program exited with non-zero exit code: ${exit.code}`,
    bail: false,
  };
}
