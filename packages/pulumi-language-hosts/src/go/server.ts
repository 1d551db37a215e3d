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
  TemplateResponse,
} from '@pulumi/pulumi/proto/language_pb';
import { PluginInfo } from '@pulumi/pulumi/proto/plugin_pb';
import { version as sdkVersion } from '@pulumi/pulumi/version';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { channelOptions } from '../common/grpcServer';
import { serverStream, unary, unimplemented } from '../common/handlers';
import { readProgramInfo } from '../common/programInfo';
import {
  aboutResponse,
  programDependenciesResponse,
  requiredPackagesResponse,
  requiredPluginsResponse,
  runtimeOptionsResponse,
} from '../common/responses';
import type { HostSession } from '../common/serve';
import { about } from './about';
import { installDependencies } from './installDependencies';
import { listProgramDependencies } from './programDependencies';
import { findRequiredPackages } from './requiredPackages';
import { runProgram } from './run';
import { runPlugin } from './runPlugin';

/** A gRPC server that serves Pulumi's LanguageRuntime service for Go programs and plugins. */
export function createLanguageRuntimeServer(session: HostSession): grpc.Server {
  const server = new grpc.Server(channelOptions);
  server.addService(LanguageRuntimeService, languageRuntimeHandlers(session));
  return server;
}

/** The handlers of the LanguageRuntime service, one per call; the work lives in one module per call. */
export function languageRuntimeHandlers(
  session: HostSession,
): ILanguageRuntimeServer {
  return {
    handshake: unary(async request => {
      if (!request.getEngineAddress()) {
        throw new Error('Must contain address in request');
      }
      session.engineAddress = request.getEngineAddress();
      session.onEngineAddress(session.engineAddress);
      return new LanguageHandshakeResponse();
    }),
    getPluginInfo: unary(async () => new PluginInfo().setVersion(sdkVersion)),
    getRequiredPackages: unary(async request =>
      requiredPackagesResponse(
        await findRequiredPackages(
          readProgramInfo(request.getInfo()).programDirectory,
        ),
      ),
    ),
    // The Go host no longer serves GetRequiredPlugins; engines before GetRequiredPackages call it.
    getRequiredPlugins: unary(async request => {
      const info = request.getInfo();
      const dir = info
        ? readProgramInfo(info).programDirectory
        : request.getProgram() || '.';
      return requiredPluginsResponse(await findRequiredPackages(dir));
    }),
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
    // Go programs have no runtime options to ask for, and no template to adjust.
    runtimeOptionsPrompts: unary(async () => runtimeOptionsResponse([])),
    template: unary(async () => new TemplateResponse()),
    about: unary(async () => aboutResponse(await about())),
    getProgramDependencies: unary(async request =>
      programDependenciesResponse(
        await listProgramDependencies(
          readProgramInfo(request.getInfo()).programDirectory,
          request.getTransitivedependencies(),
        ),
      ),
    ),
    runPlugin: serverStream(async (request: RunPluginRequest, send, signal) => {
      await runPlugin(
        request,
        session,
        {
          stdout: chunk => send(new RunPluginResponse().setStdout(chunk)),
          stderr: chunk => send(new RunPluginResponse().setStderr(chunk)),
          exitCode: code => send(new RunPluginResponse().setExitcode(code)),
        },
        signal,
      );
    }),
    // Code generation needs Pulumi's Go code generators, which have no Node.js port; packing and linking
    // go with them.
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
