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
import { about } from './about';
import { channelOptions } from '../common/grpcServer';
import { serverStream, unary, unimplemented } from '../common/handlers';
import type { HostContext } from './hostContext';
import { installDependencies } from './installDependencies';
import { logV } from '../common/log';
import { readProgramInfo } from '../common/programInfo';
import { listProgramDependencies } from './programDependencies';
import {
  findRequiredPackages,
  incompatibleSdkWarning,
} from './requiredPackages';
import {
  aboutResponse,
  programDependenciesResponse,
  requiredPackagesResponse,
  requiredPluginsResponse,
  runtimeOptionsResponse,
} from '../common/responses';
import { runProgram } from './run';
import { runPlugin } from './runPlugin';
import { applyTemplate, runtimeOptionPrompts } from './runtimeOptions';

/** A gRPC server that serves Pulumi's LanguageRuntime service for Node.js programs and plugins. */
export function createLanguageRuntimeServer(context: HostContext): grpc.Server {
  const server = new grpc.Server(channelOptions);
  server.addService(LanguageRuntimeService, languageRuntimeHandlers(context));
  return server;
}

/** The handlers of the LanguageRuntime service, one per call; the work lives in one module per call. */
export function languageRuntimeHandlers(
  context: HostContext,
): ILanguageRuntimeServer {
  return {
    handshake: unary(async request => {
      context.engineAddress = request.getEngineAddress();
      context.onEngineAddress(context.engineAddress);
      return new LanguageHandshakeResponse();
    }),
    getPluginInfo: unary(async () => new PluginInfo().setVersion(sdkVersion)),
    getRequiredPackages: unary(async request => {
      const info = readProgramInfo(request.getInfo());
      return requiredPackagesResponse(
        await requiredPackages(info.programDirectory),
      );
    }),
    getRequiredPlugins: unary(async request => {
      // Engines before GetRequiredPackages name the program folder in `program`.
      const info = request.getInfo();
      const dir = info
        ? readProgramInfo(info).programDirectory
        : request.getProgram() || '.';
      return requiredPluginsResponse(await requiredPackages(dir));
    }),
    run: unary(async (request, signal) => {
      const outcome = await runProgram(request, context, signal);
      return new RunResponse().setError(outcome.error).setBail(outcome.bail);
    }),
    installDependencies: serverStream(
      async (request: InstallDependenciesRequest, send, signal) => {
        await installDependencies({
          info: readProgramInfo(request.getInfo()),
          runtime: context.runtime,
          stdout: chunk =>
            send(new InstallDependenciesResponse().setStdout(chunk)),
          stderr: chunk =>
            send(new InstallDependenciesResponse().setStderr(chunk)),
          signal: AbortSignal.any([signal, context.cancelSignal]),
        });
      },
    ),
    runtimeOptionsPrompts: unary(async request => {
      const info = readProgramInfo(request.getInfo());
      return runtimeOptionsResponse(
        runtimeOptionPrompts(info.options, context.runtime),
      );
    }),
    template: unary(async request => {
      applyTemplate(readProgramInfo(request.getInfo()), context.runtime);
      return new TemplateResponse();
    }),
    about: unary(async request =>
      aboutResponse(
        await about(readProgramInfo(request.getInfo()), context.runtime),
      ),
    ),
    getProgramDependencies: unary(async request => {
      const info = readProgramInfo(request.getInfo());
      return programDependenciesResponse(
        listProgramDependencies(
          info.programDirectory,
          request.getTransitivedependencies(),
        ),
      );
    }),
    runPlugin: serverStream(async (request: RunPluginRequest, send, signal) => {
      await runPlugin(
        request,
        context,
        {
          stdout: chunk => send(new RunPluginResponse().setStdout(chunk)),
          stderr: chunk => send(new RunPluginResponse().setStderr(chunk)),
        },
        signal,
      );
    }),
    // Code generation, packing and linking need Pulumi's Go code generators, which have no Node.js port.
    generateProgram: unimplemented('GenerateProgram'),
    generateProject: unimplemented('GenerateProject'),
    generatePackage: unimplemented('GeneratePackage'),
    pack: unimplemented('Pack'),
    link: unimplemented('Link'),
    cancel: unary(async () => {
      context.cancel();
      return new Empty();
    }),
  };
}

async function requiredPackages(programDirectory: string) {
  const found = await findRequiredPackages(programDirectory);
  const warning = incompatibleSdkWarning(found.sdkVersions);
  if (warning) {
    process.stderr.write(warning);
  }
  if (found.errors.length > 0) {
    logV(
      3,
      `one or more errors while discovering plugins: ${found.errors.join(
        '; ',
      )}`,
    );
  }
  return found.packages;
}
