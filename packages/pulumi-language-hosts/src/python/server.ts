import * as grpc from '@grpc/grpc-js';
import {
  ILanguageRuntimeServer,
  LanguageRuntimeService,
} from '@pulumi/pulumi/proto/language_grpc_pb';
import {
  InstallDependenciesRequest,
  InstallDependenciesResponse,
  LanguageHandshakeResponse,
  RunPluginRequest,
  RunPluginResponse,
  RunResponse,
  RuntimeOptionsResponse,
  TemplateResponse,
} from '@pulumi/pulumi/proto/language_pb';
import { PluginInfo } from '@pulumi/pulumi/proto/plugin_pb';
import { version as sdkVersion } from '@pulumi/pulumi/version';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { channelOptions } from '../common/grpcServer';
import { serverStream, unary, unimplemented } from '../common/handlers';
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
  const server = new grpc.Server(channelOptions);
  server.addService(LanguageRuntimeService, pythonRuntimeHandlers(session));
  return server;
}

/** The packages installed in the program's Python, read by that Python. */
async function installed(info: ProgramLocation) {
  const options = parsePythonOptions(info.options);
  const runtime = await resolvePythonRuntime(options, info.rootDirectory);
  return listInstalledPackages(runtime, info.programDirectory);
}

/** The handlers of the LanguageRuntime service, one per call; the work lives in one module per call. */
export function pythonRuntimeHandlers(
  session: HostSession,
): ILanguageRuntimeServer {
  return {
    handshake: unary(async request => {
      session.engineAddress = request.getEngineAddress();
      session.onEngineAddress(session.engineAddress);
      return new LanguageHandshakeResponse();
    }),
    getPluginInfo: unary(async () => new PluginInfo().setVersion(sdkVersion)),
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
    // Code generation, packing and linking need Pulumi's Go code generators, which have no port here.
    generateProgram: unimplemented('GenerateProgram'),
    generateProject: unimplemented('GenerateProject'),
    generatePackage: unimplemented('GeneratePackage'),
    pack: unimplemented('Pack'),
    link: unimplemented('Link'),
    cancel: unary(async () => {
      session.cancel();
      return new Empty();
    }),
  };
}
