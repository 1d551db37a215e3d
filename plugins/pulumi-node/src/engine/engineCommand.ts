import type { PulumiCommand } from '@pulumi/pulumi/automation';
import * as automationCmd from '@pulumi/pulumi/automation/cmd';
import * as automationErrors from '@pulumi/pulumi/automation/errors';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The Automation API's own result and error classification, which its typings keep internal. */
type CommandResultClass = new (
  stdout: string,
  stderr: string,
  code: number,
  err?: Error,
) => unknown;
const { CommandResult } = automationCmd as unknown as {
  CommandResult: CommandResultClass;
};
const { createCommandError } = automationErrors as unknown as {
  createCommandError: (result: unknown) => Error;
};

/** How long the CLI gets to cancel gracefully after SIGINT before it and everything under it is killed. */
const DEFAULT_CANCEL_GRACE_MS = 15_000;

/** The processes under `pid` (its language host, the program, plugins), from Linux's /proc. */
function descendants(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap(task => {
    let children: string;
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      return [];
    }
    return children
      .split(' ')
      .filter(Boolean)
      .map(Number)
      .flatMap(child => [child, ...descendants(child)]);
  });
}

/** Kills a process and every process under it, found before any of them dies. */
function killTree(pid: number): void {
  for (const target of [pid, ...descendants(pid)]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}

/**
 * Runs one CLI process with exactly `env` and nothing of this process's environment. On abort the CLI gets
 * SIGINT, as a person's Ctrl-C, and cancels; if it has not exited after the grace period, it and every
 * process under it (its language host, the program, plugins) are killed, so that a program that ignores
 * its host cannot hold a run. The CLI stays in this process's process group, so that whatever stops the
 * backend's group stops its engine processes too.
 */
function execEngine(options: {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  onOutput?: (data: string) => void;
  onError?: (data: string) => void;
  signal?: AbortSignal;
  cancelGraceMs: number;
}): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (data: string) => {
      stdout += data;
      options.onOutput?.(data);
    });
    child.stderr.setEncoding('utf8').on('data', (data: string) => {
      stderr += data;
      options.onError?.(data);
    });
    let hardKill: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill('SIGINT');
      hardKill = setTimeout(() => {
        if (child.pid) killTree(child.pid);
      }, options.cancelGraceMs);
      hardKill.unref();
    };
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', error => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(
        createCommandError(new CommandResult('', error.message, -2, error)),
      );
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (hardKill) clearTimeout(hardKill);
      const exitCode = code ?? (signal ? 128 : -2);
      const result = new CommandResult(stdout, stderr, exitCode);
      if (exitCode === 0) resolve(result);
      else reject(createCommandError(result));
    });
  });
}

/**
 * The Automation API's `PulumiCommand` for an engine at `command`, whose runs get the environment that the
 * caller built and nothing else: the Automation API's own command would add this process's whole
 * environment (its database password, its auth keys, every backend's credentials) to every CLI process.
 *
 * @public
 */
export function createEngineCommand(options: {
  /** The Automation API's command for the engine's `pulumi` binary: its path and version. */
  base: PulumiCommand;
  cancelGraceMs?: number;
}): PulumiCommand {
  const cancelGraceMs = options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS;
  const engineCommand = {
    command: options.base.command,
    version: options.base.version,
    run(
      args: string[],
      cwd: string,
      additionalEnv: Record<string, string>,
      onOutput?: (data: string) => void,
      onError?: (data: string) => void,
      signal?: AbortSignal,
    ) {
      // As the Automation API: never prompt, and tell the CLI who drives it.
      const fullArgs = args.includes('--non-interactive')
        ? args
        : [...args, '--non-interactive'];
      return execEngine({
        command: options.base.command,
        args: fullArgs,
        cwd,
        env: { ...additionalEnv, PULUMI_AUTOMATION_API: 'true' },
        onOutput,
        onError,
        signal,
        cancelGraceMs,
      });
    },
  };
  return engineCommand as unknown as PulumiCommand;
}

/**
 * Runs one CLI command through a `PulumiCommand`, whose typings keep `run` internal, and returns its
 * standard output. A failure is the Automation API's classified error: a missing stack is its
 * `StackNotFoundError`.
 */
export async function runPulumiCommand(
  command: PulumiCommand,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<string> {
  const runner = command as unknown as {
    run(a: string[], c: string, e: Record<string, string>): Promise<unknown>;
  };
  const result = (await runner.run(args, cwd, env)) as { stdout: string };
  return result.stdout;
}
