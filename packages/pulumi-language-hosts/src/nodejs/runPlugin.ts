import { RunPluginRequest } from '@pulumi/pulumi/proto/language_pb';
import {
  executePlugin as execute,
  PluginCommand,
  pluginEnv,
  PluginOutput,
} from '../common/plugins';
import { requireEngineAddress } from '../common/serve';
import { HostContext, resolveRuntimeBinary } from './hostContext';
import { locateModule } from './locateModule';
import { parseOptions } from './options';
import { PolicyProxy, policyPackEnv } from './policyProxy';
import { readProgramInfo } from '../common/programInfo';
import { shellSplit } from '../common/shellSplit';

/**
 * Runs a plugin written in Node.js for the engine, as the Go host's RunPlugin: a resource, converter or
 * tool plugin from source (a folder with PulumiPlugin.yaml, `runtime: nodejs`) through the plugin's own
 * `@pulumi/pulumi/cmd/run-plugin <folder> <args>`, in the engine's working folder; a policy pack
 * (`kind: analyzer`, a folder with PulumiPolicy.yaml) through `@pulumi/pulumi/cmd/run-policy-pack <args>
 * <folder>` in the pack's folder, behind a {@link PolicyProxy}. The plugin's output streams back to the
 * engine, which reads the plugin's port from its stdout. Resolves when the plugin exits with 0 and fails
 * with the Go host's message otherwise; a cancelled call kills the plugin.
 */
export async function runPlugin(
  request: RunPluginRequest,
  context: HostContext,
  output: PluginOutput,
  signal: AbortSignal,
): Promise<void> {
  requireEngineAddress(context);
  const command = await preparePlugin(request, context);
  const stop = AbortSignal.any([signal, context.cancelSignal]);
  if (request.getKind() !== 'analyzer') {
    await execute(command, output.stdout, output.stderr, stop);
    return;
  }
  const proxy = await PolicyProxy.start(output.stdout);
  const stopProxy = () => proxy.close();
  stop.addEventListener('abort', stopProxy, { once: true });
  try {
    output.stdout(Buffer.from(`${proxy.port}\n`));
    Object.assign(command.env, policyPackEnv(await proxy.awaitConfiguration()));
    await execute(
      command,
      chunk => proxy.packStdout(chunk),
      output.stderr,
      stop,
    );
  } finally {
    stop.removeEventListener('abort', stopProxy);
    proxy.close();
  }
}

async function preparePlugin(
  request: RunPluginRequest,
  context: HostContext,
): Promise<PluginCommand> {
  const info = readProgramInfo(request.getInfo());
  const isAnalyzer = request.getKind() === 'analyzer';
  const runtimeBinary = resolveRuntimeBinary(context.runtime);
  const options = parseOptions(info.options, context.runtime);
  const env = pluginEnv(request.getEnvList());
  if (options.typescript) {
    env.PULUMI_NODEJS_TYPESCRIPT = 'true';
  }
  if (options.tsconfigPath) {
    env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfigPath;
  }
  const runPath = await locateModule({
    module: isAnalyzer
      ? '@pulumi/pulumi/cmd/run-policy-pack'
      : process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH ||
        '@pulumi/pulumi/cmd/run-plugin',
    programDirectory: info.programDirectory,
    isPlugin: true,
    runtimeBinary,
    env,
  });
  return {
    command: runtimeBinary,
    // The Go host puts nodeargs after the script, where node hands them to the script instead; they
    // belong before it, as Run puts them. A policy pack takes its folder last, other plugins first.
    args: [
      ...(context.runtime === 'bun' ? ['run'] : []),
      ...shellSplit(options.nodeargs),
      runPath,
      ...(isAnalyzer
        ? [...request.getArgsList(), info.programDirectory]
        : [info.programDirectory, ...request.getArgsList()]),
    ],
    // Node policy packs have always run in their own folder.
    cwd: isAnalyzer ? info.programDirectory : request.getPwd() || undefined,
    env,
  };
}
