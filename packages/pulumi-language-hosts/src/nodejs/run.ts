import { RunRequest } from '@pulumi/pulumi/proto/language_pb';
import { messageOf } from '../common/errors';
import { requireEngineAddress } from '../common/serve';
import { HostContext, resolveRuntimeBinary } from './hostContext';
import { locateModule } from './locateModule';
import { createOomSniffer, oomAdvice } from './oomSniffer';
import { NodeOptions, parseOptions } from './options';
import { readProgramInfo } from '../common/programInfo';
import { programRunFacts } from '../common/runRequest';
import { executeProgram, RunOutcome } from '../common/programRun';
import { buildConfigJson, buildRunArguments } from './runArguments';
import { shellSplit } from '../common/shellSplit';

interface RunCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * Runs a program for the engine, as the Go host's Run: `node [nodeargs] <the program's own
 * @pulumi/pulumi/cmd/run> --monitor ... <entry point>`, with the config in PULUMI_CONFIG and the
 * TypeScript options in PULUMI_NODEJS_TYPESCRIPT and PULUMI_NODEJS_TSCONFIG_PATH. The program's stdout
 * and stderr go to the host's own, which the engine shows. Unlike the Go host, the program talks to the
 * engine's resource monitor directly: the Go host's monitor proxy only served synchronous invokes, which
 * `@pulumi/pulumi` 3.x no longer makes.
 */
export async function runProgram(
  request: RunRequest,
  context: HostContext,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const engineAddress = requireEngineAddress(context);
  let command: RunCommand;
  try {
    command = await prepareRun(request, context, engineAddress);
  } catch (error) {
    return { error: messageOf(error), bail: false };
  }
  if (request.getAttachDebugger()) {
    process.stderr.write(
      'pulumi-language-nodejs: this language host cannot attach a debugger; the program runs without one\n',
    );
  }
  return execute(command, AbortSignal.any([signal, context.cancelSignal]));
}

async function prepareRun(
  request: RunRequest,
  context: HostContext,
  engineAddress: string,
): Promise<RunCommand> {
  const info = readProgramInfo(request.getInfo());
  const runtimeBinary = resolveRuntimeBinary(context.runtime);
  const runPath = await locateModule({
    module:
      process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || '@pulumi/pulumi/cmd/run',
    programDirectory: info.programDirectory,
    isPlugin: false,
    runtimeBinary,
    env: process.env,
  });
  const options = parseOptions(info.options, context.runtime);
  const args = buildRunArguments({
    ...programRunFacts(request, info, engineAddress),
    runPath,
    tracing: context.tracing,
  });
  return {
    command: runtimeBinary,
    args: [
      ...(context.runtime === 'bun' ? ['run'] : []),
      ...shellSplit(options.nodeargs),
      ...args,
    ],
    env: runEnv(request, options),
  };
}

/** The program's environment: the host's, with its config and TypeScript settings. */
function runEnv(request: RunRequest, options: NodeOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG: buildConfigJson(request.getConfigMap().entries()),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(
      request.getConfigsecretkeysList(),
    ),
  };
  if (options.typescript) {
    env.PULUMI_NODEJS_TYPESCRIPT = 'true';
  }
  if (options.tsconfigPath) {
    env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfigPath;
  }
  return env;
}

/** Runs the program, with advice when node ran out of memory. */
function execute(
  command: RunCommand,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const oom = createOomSniffer();
  return executeProgram({
    ...command,
    signal,
    onStderr: chunk => oom.scan(chunk),
    explain: message => (oom.detected() ? `${message}. ${oomAdvice}` : message),
  });
}
