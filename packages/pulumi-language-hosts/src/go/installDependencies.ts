import { runChild } from '../common/childProcess';
import type { ProgramLocation } from '../common/programInfo';
import { checkMinimumGoVersion, findGo, goVersion } from './goCommand';

/** Options for {@link installDependencies}. */
export interface InstallDependenciesOptions {
  info: ProgramLocation;
  /** Receives our progress lines and go's stdout. */
  stdout: (chunk: Buffer) => void;
  /** Receives go's stderr. */
  stderr: (chunk: Buffer) => void;
  signal?: AbortSignal;
}

/**
 * Installs a program's modules as the Go host does: `go mod tidy -compat=1.18` in the program folder, which
 * adds what the code imports to go.mod and go.sum and downloads it, with go's output streamed back. The Go
 * host runs nothing else (no `go mod download`): tidy downloads what the build needs.
 */
export async function installDependencies(
  options: InstallDependenciesOptions,
): Promise<void> {
  const say = (text: string) => options.stdout(Buffer.from(text));
  say('Installing dependencies...\n\n');
  const gobin = findGo();
  checkMinimumGoVersion(await goVersion(gobin));
  const exit = await runChild({
    command: gobin,
    args: ['mod', 'tidy', '-compat=1.18'],
    cwd: options.info.programDirectory,
    env: process.env,
    signal: options.signal,
    stopSignal: 'SIGINT',
    onStdout: options.stdout,
    onStderr: options.stderr,
  });
  if (exit.code !== 0) {
    throw new Error(
      `\`go mod tidy\` failed to install dependencies: exit status ${exit.code}`,
    );
  }
  say('Finished installing dependencies\n\n');
}
