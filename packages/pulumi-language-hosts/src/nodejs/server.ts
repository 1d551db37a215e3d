import type * as grpc from '@grpc/grpc-js';
import { languageHandlers } from '../common/languageHandlers';
import { logV } from '../common/log';
import { createRuntimeServer } from '../common/runtimeServer';
import { about } from './about';
import type { HostContext } from './hostContext';
import { installDependencies } from './installDependencies';
import { listProgramDependencies } from './programDependencies';
import {
  findRequiredPackages,
  incompatibleSdkWarning,
} from './requiredPackages';
import { runProgram } from './run';
import { runPlugin } from './runPlugin';
import { applyTemplate, runtimeOptionPrompts } from './runtimeOptions';

/** A gRPC server that serves Pulumi's LanguageRuntime service for Node.js programs and plugins. */
export function createLanguageRuntimeServer(context: HostContext): grpc.Server {
  const { runtime } = context;
  return createRuntimeServer(
    context,
    languageHandlers(
      {
        requiredPackages: info => requiredPackages(info.programDirectory),
        run: (request, signal) => runProgram(request, context, signal),
        installDependencies: (info, call) =>
          installDependencies({ info, runtime, ...call }),
        about: info => about(info, runtime),
        programDependencies: async (info, transitive) =>
          listProgramDependencies(info.programDirectory, transitive),
        runPlugin: (request, output, signal) =>
          runPlugin(request, context, output, signal),
        runtimeOptionPrompts: info =>
          runtimeOptionPrompts(info.options, runtime),
        template: info => applyTemplate(info, runtime),
      },
      context.cancelSignal,
    ),
  );
}

/** The packages of the program's node_modules; warns of mismatched SDKs as the Go host does. */
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
