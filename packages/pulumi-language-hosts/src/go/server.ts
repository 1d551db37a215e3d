import * as grpc from '@grpc/grpc-js';
import {
  InstallDependenciesRequest,
  InstallDependenciesResponse,
  RunPluginRequest,
  RunPluginResponse,
  RunResponse,
  TemplateResponse,
} from '@pulumi/pulumi/proto/language_pb';
import { serverStream, unary } from '../common/handlers';
import { createRuntimeServer, LanguageHandlers } from '../common/runtimeServer';
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
  return createRuntimeServer(session, languageRuntimeHandlers(session));
}

/** The handlers of the LanguageRuntime service, one per call; the work lives in one module per call. */
export function languageRuntimeHandlers(
  session: HostSession,
): LanguageHandlers {
  return {
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
  };
}
