import { spawn } from 'node:child_process';

/** How a child process ended. */
export interface ChildExit {
  /** The exit code, or -1 when a signal ended it (as Go's ExitCode reports it). */
  code: number;
  /** The signal that ended it, if one did. */
  signal?: NodeJS.Signals;
}

/** Options for {@link runChild}. */
export interface RunChildOptions {
  command: string;
  args: string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
  /** Receives the child's stdout as it comes. */
  onStdout: (chunk: Buffer) => void;
  /** Receives the child's stderr as it comes. */
  onStderr: (chunk: Buffer) => void;
  /** Stops the child when aborted. */
  signal?: AbortSignal;
  /**
   * How an abort stops the child: SIGINT lets a program wind down and is followed by SIGKILL five seconds
   * later, as the Go host cancels programs; SIGKILL stops it at once, as Go's exec.CommandContext does.
   */
  stopSignal: 'SIGINT' | 'SIGKILL';
}

/**
 * Runs a child process with stdin closed and its output handed to callbacks, and resolves when it has
 * exited and its output is drained. Rejects only when the process could not be started.
 */
export function runChild(options: RunChildOptions): Promise<ChildExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', options.onStdout);
    child.stderr.on('data', options.onStderr);
    const stop = () => {
      child.kill(options.stopSignal);
      if (options.stopSignal !== 'SIGKILL') {
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }
    };
    if (options.signal?.aborted) {
      stop();
    }
    options.signal?.addEventListener('abort', stop, { once: true });
    child.on('error', error => {
      options.signal?.removeEventListener('abort', stop);
      reject(error);
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', stop);
      resolve({ code: code ?? -1, signal: signal ?? undefined });
    });
  });
}
