import {
  InstallDependenciesRequest,
  InstallDependenciesResponse,
  ProgramInfo,
  RunPluginRequest,
  RunPluginResponse,
  RunRequest,
  RunResponse,
  TemplateResponse,
} from '@pulumi/pulumi/proto/language_pb';
import { serverStream, unary } from './handlers';
import type { PluginOutput } from './plugins';
import { ProgramLocation, readProgramInfo } from './programInfo';
import type { RunOutcome } from './programRun';
import {
  aboutResponse,
  programDependenciesResponse,
  requiredPackagesResponse,
  requiredPluginsResponse,
  runtimeOptionsResponse,
} from './responses';
import type { LanguageHandlers } from './runtimeServer';
import type {
  AboutInfo,
  ProgramDependency,
  RequiredPackage,
  RuntimeOptionPrompt,
} from './types';

/** Where a call that streams output sends it, and how it is stopped. */
export interface StreamedCall {
  stdout: (chunk: Buffer) => void;
  stderr: (chunk: Buffer) => void;
  /** Aborted when the call is cancelled or the engine calls Cancel. */
  signal: AbortSignal;
}

/** The work of each call that depends on the language; {@link languageHandlers} does the gRPC around it. */
export interface LanguageCalls {
  requiredPackages(info: ProgramLocation): Promise<RequiredPackage[]>;
  run(request: RunRequest, signal: AbortSignal): Promise<RunOutcome>;
  installDependencies(info: ProgramLocation, call: StreamedCall): Promise<void>;
  about(info: ProgramLocation): Promise<AboutInfo>;
  programDependencies(
    info: ProgramLocation,
    transitive: boolean,
  ): Promise<ProgramDependency[]>;
  /** Runs a plugin from source; `exitCode` reports its exit code where the host sends one. */
  runPlugin(
    request: RunPluginRequest,
    output: PluginOutput & { exitCode: (code: number) => void },
    signal: AbortSignal,
  ): Promise<void>;
  /** What `pulumi new` asks about the runtime options; nothing by default. */
  runtimeOptionPrompts?(info: ProgramLocation): RuntimeOptionPrompt[];
  /** Adjusts a project that `pulumi new` made from a template; nothing by default. */
  template?(info: ProgramLocation): void;
}

/** The program a GetRequiredPlugins request names: its info, or, from engines before that, `program`. */
function pluginsProgram(
  info: ProgramInfo | undefined,
  program: string,
): ProgramLocation {
  if (info) return readProgramInfo(info);
  const dir = program || '.';
  return {
    rootDirectory: dir,
    programDirectory: dir,
    entryPoint: '.',
    options: {},
  };
}

/**
 * The LanguageRuntime handlers of a language, from its {@link LanguageCalls}: each reads the request's
 * program info, does the language's work and builds the response; streamed calls stop with the call or
 * the engine's Cancel (`cancelSignal`).
 */
export function languageHandlers(
  calls: LanguageCalls,
  cancelSignal: AbortSignal,
): LanguageHandlers {
  const stopped = (signal: AbortSignal) =>
    AbortSignal.any([signal, cancelSignal]);
  return {
    getRequiredPackages: unary(async request =>
      requiredPackagesResponse(
        await calls.requiredPackages(readProgramInfo(request.getInfo())),
      ),
    ),
    getRequiredPlugins: unary(async request =>
      requiredPluginsResponse(
        await calls.requiredPackages(
          pluginsProgram(request.getInfo(), request.getProgram()),
        ),
      ),
    ),
    run: unary(async (request, signal) => {
      const outcome = await calls.run(request, signal);
      return new RunResponse().setError(outcome.error).setBail(outcome.bail);
    }),
    installDependencies: serverStream(
      async (request: InstallDependenciesRequest, send, signal) => {
        await calls.installDependencies(readProgramInfo(request.getInfo()), {
          stdout: chunk =>
            send(new InstallDependenciesResponse().setStdout(chunk)),
          stderr: chunk =>
            send(new InstallDependenciesResponse().setStderr(chunk)),
          signal: stopped(signal),
        });
      },
    ),
    runtimeOptionsPrompts: unary(async request =>
      runtimeOptionsResponse(
        calls.runtimeOptionPrompts?.(readProgramInfo(request.getInfo())) ?? [],
      ),
    ),
    template: unary(async request => {
      calls.template?.(readProgramInfo(request.getInfo()));
      return new TemplateResponse();
    }),
    about: unary(async request =>
      aboutResponse(await calls.about(readProgramInfo(request.getInfo()))),
    ),
    getProgramDependencies: unary(async request =>
      programDependenciesResponse(
        await calls.programDependencies(
          readProgramInfo(request.getInfo()),
          request.getTransitivedependencies(),
        ),
      ),
    ),
    runPlugin: serverStream(async (request: RunPluginRequest, send, signal) => {
      await calls.runPlugin(
        request,
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
