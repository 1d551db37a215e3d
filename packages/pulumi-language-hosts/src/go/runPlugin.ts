import { RunPluginRequest } from '@pulumi/pulumi/proto/language_pb';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { runChild } from '../common/childProcess';
import { messageOf } from '../common/errors';
import { pluginEnv, PluginOutput } from '../common/plugins';
import { readProgramInfo } from '../common/programInfo';
import type { HostSession } from '../common/serve';
import { buildProgram } from './build';

/** Where RunPlugin sends the plugin's output and, when it fails, its exit code. */
export type GoPluginOutput = PluginOutput & {
  exitCode: (code: number) => void;
};

/**
 * Runs a plugin written in Go from source, as the Go host's RunPlugin: builds the plugin's folder (through
 * the build cache, under the name `plugin-<folder>`) and runs the binary with the request's arguments, in
 * its working folder, with the environment the engine sends (ours when it sends none). The plugin's
 * output streams back; a plugin that exits with a non-zero code has it sent as the last message, as the Go
 * host does, rather than failing the call. A cancelled call kills the plugin.
 */
export async function runPlugin(
  request: RunPluginRequest,
  session: HostSession,
  output: GoPluginOutput,
  signal: AbortSignal,
): Promise<void> {
  const info = readProgramInfo(request.getInfo());
  const stop = AbortSignal.any([signal, session.cancelSignal]);
  const program = await buildProgram({
    programDirectory: info.programDirectory,
    cacheName: `plugin-${path.basename(info.programDirectory)}`,
    signal: stop,
  });
  try {
    let exit;
    try {
      exit = await runChild({
        command: program.binary,
        args: request.getArgsList(),
        cwd: request.getPwd() || undefined,
        env: pluginEnv(request.getEnvList()),
        signal: stop,
        stopSignal: 'SIGKILL',
        onStdout: output.stdout,
        onStderr: output.stderr,
      });
    } catch (error) {
      throw new Error(
        `problem executing plugin program (could not run language executor): ${messageOf(
          error,
        )}`,
      );
    }
    if (exit.code !== 0) {
      output.exitCode(exit.code);
    }
  } finally {
    if (program.temporary) {
      rmSync(program.binary, { force: true });
    }
  }
}
