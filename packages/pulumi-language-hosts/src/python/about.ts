import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ProgramLocation } from '../common/programInfo';
import type { AboutInfo } from '../common/types';
import { parsePythonOptions } from './options';
import { resolvePythonRuntime } from './toolchain';

const execFileAsync = promisify(execFile);

/**
 * The program's Python and its version, and the toolchain, as `pulumi about` shows them. A version that
 * cannot be read is left empty rather than failing the call.
 */
export async function about(info: ProgramLocation): Promise<AboutInfo> {
  const options = parsePythonOptions(info.options);
  const runtime = await resolvePythonRuntime(options, info.rootDirectory);
  const version = await execFileAsync(runtime.python, ['--version'], {
    env: runtime.env,
  }).then(
    ({ stdout }) => stdout.trim().replace(/^Python /, ''),
    () => '',
  );
  const metadata: Record<string, string> = { toolchain: options.toolchain };
  if (runtime.virtualenv) {
    metadata.virtualenv = runtime.virtualenv;
  }
  return { executable: runtime.python, version, metadata };
}
