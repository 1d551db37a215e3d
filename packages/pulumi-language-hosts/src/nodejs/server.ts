import * as grpc from '@grpc/grpc-js';
import {
  InstallDependenciesRequest,
  InstallDependenciesResponse,
  RunPluginRequest,
  RunPluginResponse,
  RunResponse,
  TemplateResponse,
} from '@pulumi/pulumi/proto/language_pb';
import { about } from './about';
import { serverStream, unary } from '../common/handlers';
import { createRuntimeServer, LanguageHandlers } from '../common/runtimeServer';
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
  return createRuntimeServer(context, languageRuntimeHandlers(context));
}

/** The handlers of the LanguageRuntime service, one per call; the work lives in one module per call. */
export function languageRuntimeHandlers(
  context: HostContext,
): LanguageHandlers {
  return {
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
