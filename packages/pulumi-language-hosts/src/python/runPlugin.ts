import { RunPluginRequest } from '@pulumi/pulumi/proto/language_pb';
import path from 'node:path';
import { executePlugin, pluginEnv, PluginOutput } from '../common/plugins';
import { readProgramInfo } from '../common/programInfo';
import { HostSession, requireEngineAddress } from '../common/serve';
import { parsePythonOptions } from './options';
import { activate, resolvePythonRuntime } from './toolchain';

/**
 * Runs a plugin written in Python from source (a folder with PulumiPlugin.yaml, `runtime: python`), as
 * Pulumi's Python host: `python -u <folder or main> <args>` with the plugin's virtualenv, in the engine's
 * working folder and environment. Its output streams back to the engine, which reads the plugin's port
 * from its stdout.
 */
export async function runPlugin(
  request: RunPluginRequest,
  session: HostSession,
  output: PluginOutput,
  signal: AbortSignal,
): Promise<void> {
  requireEngineAddress(session);
  const info = readProgramInfo(request.getInfo());
  const env = pluginEnv(request.getEnvList());
  const runtime = await resolvePythonRuntime(
    parsePythonOptions(info.options),
    info.rootDirectory,
    env,
  );
  await executePlugin(
    {
      command: runtime.python,
      args: [
        '-u',
        path.resolve(info.programDirectory, info.entryPoint),
        ...request.getArgsList(),
      ],
      cwd: request.getPwd() || undefined,
      env: runtime.virtualenv ? activate(runtime.virtualenv, env) : env,
    },
    output.stdout,
    output.stderr,
    AbortSignal.any([signal, session.cancelSignal]),
  );
}
