import { RunRequest } from '@pulumi/pulumi/proto/language_pb';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runChild } from '../common/childProcess';
import { messageOf } from '../common/errors';
import { ProgramLocation, readProgramInfo } from '../common/programInfo';
import { HostSession, requireEngineAddress } from '../common/serve';
import { resolveBinary } from './binary';
import { buildProgram, BuiltProgram } from './build';
import { parseGoOptions } from './options';
import { buildRunEnv, runInfoOf } from './runEnv';

/** The outcome of a program run, as RunResponse carries it. */
export interface RunOutcome {
  /** A message for the user when the program failed; empty on success and on bail. */
  error: string;
  /** The program already reported its error to the engine (exit code 32): show nothing more. */
  bail: boolean;
}

// The Go SDK exits with this code when it has already logged the error to the engine.
const exitedAfterReportingError = 32;

/**
 * Runs a Go program for the engine, as the Go host's Run: the prebuilt program that the `binary` option
 * names, or else the program built from the program folder (through the build cache, see
 * {@link buildProgram}), in the engine's working folder, with the host's environment and the run's
 * information in the variables the Go SDK reads (see {@link buildRunEnv}). Its stdout and stderr go to the
 * host's own, which the engine shows. The Cancel call and a cancelled call stop the build and the program.
 */
export async function runProgram(
  request: RunRequest,
  session: HostSession,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const engineAddress = requireEngineAddress(session);
  const info = readProgramInfo(request.getInfo());
  const options = parseGoOptions(info.options);
  const stop = AbortSignal.any([signal, session.cancelSignal]);
  const env = buildRunEnv(
    runInfoOf(request, info.rootDirectory, engineAddress),
  );
  if (request.getAttachDebugger()) {
    process.stderr.write(
      'pulumi-language-go: this language host cannot attach a debugger; the program runs without one\n',
    );
  }
  let program: BuiltProgram;
  try {
    program = options.binary
      ? {
          binary: resolveBinary(options.binary, info.programDirectory),
          temporary: false,
        }
      : await buildProgram({
          programDirectory: info.programDirectory,
          cacheName: cacheNameOf(request, info),
          buildTarget: options.buildTarget,
          signal: stop,
        });
  } catch (error) {
    return { error: messageOf(error), bail: false };
  }
  try {
    return await execute(
      program.binary,
      request.getPwd() || info.programDirectory,
      env,
      stop,
    );
  } finally {
    if (program.temporary) {
      rmSync(program.binary, { force: true });
    }
  }
}

/** The build cache's folder for a program: its project's. */
function cacheNameOf(request: RunRequest, info: ProgramLocation): string {
  return request.getProject() || path.basename(info.programDirectory);
}

async function execute(
  binary: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<RunOutcome> {
  let exit;
  try {
    exit = await runChild({
      command: binary,
      args: [],
      cwd,
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
