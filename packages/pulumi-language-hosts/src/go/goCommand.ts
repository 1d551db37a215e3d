import { execFile } from 'node:child_process';
import path from 'node:path';
import { findExecutable } from '../common/files';

/** Options for {@link runGo}. */
export interface RunGoOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** What a `go` command printed, and how it ended. */
export interface GoOutput {
  stdout: string;
  stderr: string;
  /** The exit code; 0 on success. */
  code: number;
}

/**
 * The `go` executable, found as the Go host's executable.FindExecutable finds it: in `$GOPATH/bin` for
 * each GOPATH entry, then on the PATH. Fails with the Go host's message when there is none.
 */
export function findGo(env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (env.GOPATH ?? '').split(path.delimiter)) {
    const found = dir && findExecutable('go', path.join(dir, 'bin'));
    if (found) {
      return found;
    }
  }
  const found = findExecutable('go', env.PATH ?? '');
  if (!found) {
    throw new Error('unable to find program: go');
  }
  return found;
}

/**
 * Runs `go <args>` to its end and returns its output; it rejects only when go could not be started. Output
 * is buffered, for the short commands (`go version`, `go list`, `go env`) that the host reads.
 */
export function runGo(
  gobin: string,
  args: string[],
  options: RunGoOptions = {},
): Promise<GoOutput> {
  return new Promise((resolve, reject) => {
    execFile(
      gobin,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        signal: options.signal,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, stdout, stderr) => {
        const failure = error as { code?: unknown; signal?: unknown } | null;
        if (!failure) {
          resolve({ stdout, stderr, code: 0 });
        } else if (typeof failure.code === 'number') {
          resolve({ stdout, stderr, code: failure.code });
        } else if (failure.signal) {
          resolve({ stdout, stderr, code: -1 });
        } else {
          reject(error);
        }
      },
    );
  });
}

/** Runs `go <args>` and returns its stdout, or fails with `<what>: exit status N` and its stderr. */
export async function goOutput(
  gobin: string,
  args: string[],
  options: RunGoOptions = {},
): Promise<string> {
  const out = await runGo(gobin, args, options);
  if (out.code !== 0) {
    const detail = out.stderr.trim();
    throw new Error(
      `go ${args.slice(0, 2).join(' ')}: exit status ${out.code}${
        detail ? `: ${detail}` : ''
      }`,
    );
  }
  return out.stdout;
}

const minimumGoVersion = [1, 14, 0];

/**
 * Checks `go version` output against the Go host's minimum, Go 1.14: `go version go1.22.3 linux/amd64`.
 * Toolchain suffixes (`go1.22.3-X:boringcrypto`) are ignored, as the Go host's goversion does.
 */
export function checkMinimumGoVersion(versionOutput: string): void {
  const fields = versionOutput.split(' ');
  if (fields.length <= 2) {
    throw new Error(
      `unexpected format for go version output: "${versionOutput}"`,
    );
  }
  const version = fields[2].trim().replace(/^go/, '').split('-')[0];
  const parts = version.match(/^(\d+)(?:\.(\d+))?(?:\.(\d+))?/);
  if (!parts) {
    throw new Error(`parsing go version: malformed version: ${version}`);
  }
  const current = [1, 2, 3].map(i => Number(parts[i] ?? 0));
  for (let i = 0; i < 3; i++) {
    if (current[i] !== minimumGoVersion[i]) {
      if (current[i] < minimumGoVersion[i]) {
        throw new Error(
          `go version must be ${minimumGoVersion.join(
            '.',
          )} or higher (${version} detected)`,
        );
      }
      return;
    }
  }
}

/** `go version`, trimmed; fails as the Go host does when it cannot be run. */
export async function goVersion(gobin: string, cwd?: string): Promise<string> {
  const out = await runGo(gobin, ['version'], { cwd }).catch(() => undefined);
  if (!out || out.code !== 0) {
    throw new Error(`failed to execute '${gobin} version'`);
  }
  return out.stdout.trim();
}
