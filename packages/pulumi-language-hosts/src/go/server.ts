import type * as grpc from '@grpc/grpc-js';
import { languageHandlers } from '../common/languageHandlers';
import { createRuntimeServer } from '../common/runtimeServer';
import type { HostSession } from '../common/serve';
import { about } from './about';
import { installDependencies } from './installDependencies';
import { listProgramDependencies } from './programDependencies';
import { findRequiredPackages } from './requiredPackages';
import { runProgram } from './run';
import { runPlugin } from './runPlugin';

/**
 * A gRPC server that serves Pulumi's LanguageRuntime service for Go programs and plugins. Go programs have
 * no runtime options to ask for, and no template to adjust. Unlike Pulumi's Go host, it still answers
 * GetRequiredPlugins, which engines before GetRequiredPackages call.
 */
export function createLanguageRuntimeServer(session: HostSession): grpc.Server {
  return createRuntimeServer(
    session,
    languageHandlers(
      {
        requiredPackages: info => findRequiredPackages(info.programDirectory),
        run: (request, signal) => runProgram(request, session, signal),
        installDependencies: (info, call) =>
          installDependencies({ info, ...call }),
        about: () => about(),
        programDependencies: (info, transitive) =>
          listProgramDependencies(info.programDirectory, transitive),
        runPlugin: (request, output, signal) =>
          runPlugin(request, session, output, signal),
      },
      session.cancelSignal,
    ),
  );
}
