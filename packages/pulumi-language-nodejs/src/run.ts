import { RunRequest } from '@pulumi/pulumi/proto/language_pb';
import { runChild } from './childProcess';
import { messageOf } from './errors';
import {
  HostContext,
  requireEngineAddress,
  resolveRuntimeBinary,
} from './hostContext';
import { locateModule, withResolveFromNodePath } from './locateModule';
import { parseOptions } from './options';
import { readProgramInfo } from './programInfo';
import { buildConfigJson, buildRunArguments } from './runArguments';
import { shellSplit } from './shellSplit';

/** The outcome of a program run, as RunResponse carries it. */
export interface RunOutcome {
  /** A message for the user when the program failed; empty on success and on bail. */
  error: string;
  /** The program already reported its error to the engine (exit code 32): show nothing more. */
  bail: boolean;
}

// cmd/run exits with this code when it has already logged the error to the engine.
const exitedAfterReportingError = 32;

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
  const info = readProgramInfo(request.getInfo());
  const env = process.env;
  let runtimeBinary: string;
  let runPath: string;
  try {
    runtimeBinary = resolveRuntimeBinary(context.runtime, env);
    runPath = await locateModule({
      module: env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || '@pulumi/pulumi/cmd/run',
      programDirectory: info.programDirectory,
      isPlugin: false,
      runtimeBinary,
      env,
    });
  } catch (error) {
    return { error: messageOf(error), bail: false };
  }

  let args: string[];
  const childEnv: NodeJS.ProcessEnv = { ...withResolveFromNodePath(env) };
  try {
    const options = parseOptions(info.options, context.runtime);
    childEnv.PULUMI_CONFIG = buildConfigJson(request.getConfigMap().entries());
    childEnv.PULUMI_CONFIG_SECRET_KEYS = JSON.stringify(
      request.getConfigsecretkeysList(),
    );
    if (options.typescript) {
      childEnv.PULUMI_NODEJS_TYPESCRIPT = 'true';
    }
    if (options.tsconfigPath) {
      childEnv.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfigPath;
    }
    args = [
      ...(context.runtime === 'bun' ? ['run'] : []),
      ...shellSplit(options.nodeargs),
      ...buildRunArguments({
        runPath,
        monitorAddress: request.getMonitorAddress(),
        engineAddress,
        organization: request.getOrganization(),
        project: request.getProject(),
        rootDirectory: info.rootDirectory,
        stack: request.getStack(),
        programDirectory: info.programDirectory,
        dryRun: request.getDryrun(),
        parallel: request.getParallel(),
        tracing: context.tracing,
        entryPoint: info.entryPoint,
        args: request.getArgsList(),
      }),
    ];
  } catch (error) {
    return { error: messageOf(error), bail: false };
  }
  if (request.getAttachDebugger()) {
    process.stderr.write(
      'pulumi-language-nodejs: this language host cannot attach a debugger; the program runs without one\n',
    );
  }
  return execute(
    runtimeBinary,
    args,
    childEnv,
    AbortSignal.any([signal, context.cancelSignal]),
  );
}

const oomMarkers = [
  '<--- Last few GCs --->',
  // The inspector the SDK attaches can turn an out-of-memory crash into this failed assertion.
  'Check failed: needs_context && current_scope_ == closure_scope_',
];

const oomAdvice =
  'Detected a possible out of memory error. Consider increasing the memory available to the nodejs ' +
  'process by setting the `nodeargs` runtime option in Pulumi.yaml to `nodeargs: --max-old-space-size=<size>` ' +
  'where `<size>` is the maximum memory in megabytes that can be allocated to nodejs. ' +
  'See https://www.pulumi.com/docs/concepts/projects/project-file/#runtime-options';

async function execute(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const oom = createOomSniffer();
  let exit;
  try {
    exit = await runChild({
      command,
      args,
      env,
      signal,
      stopSignal: 'SIGINT',
      onStdout: chunk => process.stdout.write(chunk),
      onStderr: chunk => {
        process.stderr.write(chunk);
        oom.scan(chunk);
      },
    });
  } catch (error) {
    return {
      error: `Problem executing program (could not run language executor): ${messageOf(
        error,
      )}`,
      bail: false,
    };
  }
  if (exit.code === 0) {
    return { error: '', bail: false };
  }
  if (exit.code === exitedAfterReportingError) {
    return { error: '', bail: true };
  }
  const message = `Program exited with non-zero exit code: ${exit.code}`;
  return {
    error: oom.detected() ? `${message}. ${oomAdvice}` : message,
    bail: false,
  };
}

function createOomSniffer() {
  let tail = '';
  let found = false;
  return {
    scan(chunk: Buffer) {
      const text = tail + chunk.toString('utf8');
      found ||= oomMarkers.some(marker => text.includes(marker));
      tail = text.slice(-100);
    },
    detected: () => found,
  };
}
