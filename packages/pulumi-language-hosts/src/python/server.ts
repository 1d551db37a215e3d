import * as grpc from '@grpc/grpc-js';
import {
  InstallDependenciesRequest,
  InstallDependenciesResponse,
  RunPluginRequest,
  RunPluginResponse,
  RunResponse,
  RuntimeOptionsResponse,
  TemplateResponse,
} from '@pulumi/pulumi/proto/language_pb';
import { serverStream, unary } from '../common/handlers';
import { createRuntimeServer, LanguageHandlers } from '../common/runtimeServer';
import { ProgramLocation, readProgramInfo } from '../common/programInfo';
import {
  aboutResponse,
  programDependenciesResponse,
  requiredPackagesResponse,
  requiredPluginsResponse,
} from '../common/responses';
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
  return createRuntimeServer(session, pythonRuntimeHandlers(session));
}

/** The packages installed in the program's Python, read by that Python. */
async function installed(info: ProgramLocation) {
  const options = parsePythonOptions(info.options);
  const runtime = await resolvePythonRuntime(options, info.rootDirectory);
  return listInstalledPackages(runtime, info.programDirectory);
}

/** The handlers of the LanguageRuntime service, one per call; the work lives in one module per call. */
export function pythonRuntimeHandlers(session: HostSession): LanguageHandlers {
  return {
    getRequiredPackages: unary(async request =>
      requiredPackagesResponse(
        requiredPackages(await installed(readProgramInfo(request.getInfo()))),
      ),
    ),
    getRequiredPlugins: unary(async request =>
      requiredPluginsResponse(
        requiredPackages(await installed(readProgramInfo(request.getInfo()))),
      ),
    ),
    run: unary(async (request, signal) => {
      const outcome = await runProgram(request, session, signal);
      return new RunResponse().setError(outcome.error).setBail(outcome.bail);
    }),
    installDependencies: serverStream(
      async (request: InstallDependenciesRequest, send, signal) => {
        await installDependencies({
          info: readProgramInfo(request.getInfo()),
          stdout: chunk =>
            send(new InstallDependenciesResponse().setStdout(chunk)),
          stderr: chunk =>
            send(new InstallDependenciesResponse().setStderr(chunk)),
          signal: AbortSignal.any([signal, session.cancelSignal]),
        });
      },
    ),
    runtimeOptionsPrompts: unary(async () => new RuntimeOptionsResponse()),
    template: unary(async () => new TemplateResponse()),
    about: unary(async request =>
      aboutResponse(await about(readProgramInfo(request.getInfo()))),
    ),
    getProgramDependencies: unary(async request =>
      programDependenciesResponse(
        await installed(readProgramInfo(request.getInfo())),
      ),
    ),
    runPlugin: serverStream(async (request: RunPluginRequest, send, signal) => {
      await runPlugin(
        request,
        session,
        {
          stdout: chunk => send(new RunPluginResponse().setStdout(chunk)),
          stderr: chunk => send(new RunPluginResponse().setStderr(chunk)),
        },
        signal,
      );
    }),
  };
}
