import { RunRequest } from '@pulumi/pulumi/proto/language_pb';
import path from 'node:path';
import { messageOf } from '../common/errors';
import { exists } from '../common/files';
import { readProgramInfo } from '../common/programInfo';
import { executeProgram, RunOutcome } from '../common/programRun';
import { programRunFacts } from '../common/runRequest';
import { HostSession, requireEngineAddress } from '../common/serve';
import { parsePythonOptions } from './options';
import { buildConfigJson, buildExecArguments } from './runArguments';
import { resolvePythonRuntime } from './toolchain';
import { typecheck } from './typecheck';

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
      ...programRunFacts(request, info, engineAddress),
      execPath,
      tracing: session.tracing,
    });
    const env = {
      ...runtime.env,
      PULUMI_CONFIG: buildConfigJson(request.getConfigMap().entries()),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(
        request.getConfigsecretkeysList(),
      ),
    };
    return await executeProgram({
      command: runtime.python,
      args,
      env,
      signal: stop,
    });
  } catch (error) {
    return { error: messageOf(error), bail: false };
  }
}
