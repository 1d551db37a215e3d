import type * as grpc from '@grpc/grpc-js';
import { languageHandlers } from '../common/languageHandlers';
import type { ProgramLocation } from '../common/programInfo';
import { createRuntimeServer } from '../common/runtimeServer';
import type { HostSession } from '../common/serve';
import { about } from './about';
import { installDependencies } from './installDependencies';
import { listInstalledPackages } from './installedPackages';
import { parsePythonOptions } from './options';
import { requiredPackages } from './requiredPackages';
import { runProgram } from './run';
import { runPlugin } from './runPlugin';
import { resolvePythonRuntime } from './toolchain';

/** A gRPC server that serves Pulumi's LanguageRuntime service for Python programs and plugins. */
export function createPythonRuntimeServer(session: HostSession): grpc.Server {
  return createRuntimeServer(
    session,
    languageHandlers(
      {
        requiredPackages: async info => requiredPackages(await installed(info)),
        run: (request, signal) => runProgram(request, session, signal),
        installDependencies: (info, call) =>
          installDependencies({ info, ...call }),
        about,
        programDependencies: info => installed(info),
        runPlugin: (request, output, signal) =>
          runPlugin(request, session, output, signal),
      },
      session.cancelSignal,
    ),
  );
}

/** The packages installed in the program's Python, read by that Python. */
async function installed(info: ProgramLocation) {
  const options = parsePythonOptions(info.options);
  const runtime = await resolvePythonRuntime(options, info.rootDirectory);
  return listInstalledPackages(runtime, info.programDirectory);
}
