import { runChild } from './childProcess';
import { messageOf } from './errors';

/** Where RunPlugin sends the plugin's output: the call's stdout and stderr messages. */
export interface PluginOutput {
  stdout: (chunk: Buffer) => void;
  stderr: (chunk: Buffer) => void;
}

/** How a host starts a plugin. */
export interface PluginCommand {
  command: string;
  args: string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The plugin's environment: the engine's (it sends its whole environment, with its additions), else our
 * own.
 */
export function pluginEnv(list: string[]): NodeJS.ProcessEnv {
  if (list.length === 0) {
    return { ...process.env };
  }
  const env: NodeJS.ProcessEnv = {};
  for (const entry of list) {
    const eq = entry.indexOf('=');
    if (eq > 0) {
      env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  }
  return env;
}

/**
 * Runs a plugin with its output handed on, as the Go hosts' RunPlugin: resolves when it exits with 0 and
 * fails with their message otherwise; an abort kills it.
 */
export async function executePlugin(
  command: PluginCommand,
  onStdout: (chunk: Buffer) => void,
  onStderr: (chunk: Buffer) => void,
  signal: AbortSignal,
): Promise<void> {
  let exit;
  try {
    exit = await runChild({
      ...command,
      onStdout,
      onStderr,
      signal,
      stopSignal: 'SIGKILL',
    });
  } catch (error) {
    throw new Error(
      `Problem executing plugin program (could not run language executor): ${messageOf(
        error,
      )}`,
    );
  }
  if (exit.code !== 0) {
    throw new Error(`Program exited with non-zero exit code: ${exit.code}`);
  }
}
