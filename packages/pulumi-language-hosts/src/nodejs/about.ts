import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolveRuntimeBinary } from './hostContext';
import { parseOptions } from './options';
import { resolvePackageManager } from './packageManager';
import type { ProgramLocation } from '../common/programInfo';
import type { AboutInfo } from '../common/types';

const execFileAsync = promisify(execFile);

/**
 * The runtime and package manager of a program, as the Go host's About. Versions that cannot be read are
 * left empty rather than failing the call.
 */
export async function about(
  info: ProgramLocation,
  runtime: string,
): Promise<AboutInfo> {
  const options = parseOptions(info.options, runtime);
  const pm = resolvePackageManager(
    options.packagemanager,
    info.programDirectory,
  );
  const executable = resolveRuntimeBinary(runtime);
  const [version, pmVersion] = await Promise.all([
    versionOf(executable),
    versionOf(pm.executable, info.programDirectory),
  ]);
  return {
    executable,
    version,
    metadata: { packagemanager: pm.name, packagemanagerVersion: pmVersion },
  };
}

async function versionOf(executable: string, cwd?: string): Promise<string> {
  try {
    const { stdout } = await execFileAsync(executable, ['--version'], {
      cwd,
      timeout: 30_000,
    });
    return stdout.trim();
  } catch {
    return '';
  }
}
