import { runChild } from './childProcess';
import { messageOf } from './errors';

/** The outcome of a program run, as RunResponse carries it. */
export interface RunOutcome {
  /** A message for the user when the program failed; empty on success and on bail. */
  error: string;
  /** The program already reported its error to the engine (exit code 32): show nothing more. */
  bail: boolean;
}

/** Options for {@link executeProgram}. */
export interface ExecuteProgramOptions {
  command: string;
  args: string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Stops the program: SIGINT, then SIGKILL five seconds later, as the Go hosts cancel programs. */
  signal: AbortSignal;
  /** Sees the program's stderr as it goes by, such as to notice an out-of-memory crash. */
  onStderr?: (chunk: Buffer) => void;
  /** Adds to the message of a non-zero exit, such as advice on what went wrong. */
  explain?: (message: string) => string;
}

// Every SDK's runner exits with this code when it has already logged the program's error to the engine.
const exitedAfterReportingError = 32;

/**
 * Runs a program for the engine, as the Go hosts' Run does: its stdout and stderr go to the host's own,
 * which the engine shows; exit code 0 succeeds, 32 bails (the program said what went wrong), and any other
 * code fails with the Go hosts' message.
 */
export async function executeProgram(
  options: ExecuteProgramOptions,
): Promise<RunOutcome> {
  let exit;
  try {
    exit = await runChild({
      command: options.command,
      args: options.args,
      cwd: options.cwd,
      env: options.env,
      signal: options.signal,
      stopSignal: 'SIGINT',
      onStdout: chunk => process.stdout.write(chunk),
      onStderr: chunk => {
        process.stderr.write(chunk);
        options.onStderr?.(chunk);
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
  return { error: options.explain?.(message) ?? message, bail: false };
}
