import { RunRequest } from '@pulumi/pulumi/proto/language_pb';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { messageOf } from '../common/errors';
import { ProgramLocation, readProgramInfo } from '../common/programInfo';
import { executeProgram, RunOutcome } from '../common/programRun';
import { HostSession, requireEngineAddress } from '../common/serve';
import { resolveBinary } from './binary';
import { buildProgram, BuiltProgram } from './build';
import { parseGoOptions } from './options';
import { buildRunEnv, runInfoOf } from './runEnv';

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
    return await executeProgram({
      command: program.binary,
      args: [],
      cwd: request.getPwd() || info.programDirectory,
      env,
      signal: stop,
    });
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
