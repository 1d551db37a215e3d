import type { JsonObject } from '@backstage/types';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify as stringifyYaml } from 'yaml';

/** A replica of the backend plugin running in a child process: see `replica.ts`. */
export interface ReplicaProcess {
  pid: number;
  /** Whether the process is still running. */
  running(): boolean;
  /** The replica's log so far. */
  log(): Promise<string>;
  /** Kills the replica and everything it started (the engine's processes too) at once, with SIGKILL. */
  kill(): Promise<void>;
  /** Asks the replica to shut down, and waits for it. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * Starts a replica of the backend plugin in a child process of its own process group, with `config` as its
 * app config (merged over a listen port and base URL of its own) and `env` added to its environment.
 */
export async function startReplicaProcess(options: {
  config: JsonObject;
  env?: Record<string, string>;
}): Promise<ReplicaProcess> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-replica-'));
  const port = await freePort();
  const config = {
    ...options.config,
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port, host: '127.0.0.1' },
      ...(options.config.backend as JsonObject | undefined),
    },
  };
  const configFile = path.join(dir, 'app-config.yaml');
  await writeFile(configFile, stringifyYaml(config));
  const logFile = path.join(dir, 'replica.log');
  const out = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'replica.ts'),
      '--config',
      configFile,
    ],
    {
      // Inside this package, where the backend looks for its package.json.
      cwd: path.resolve(__dirname, '..', '..'),
      env: { ...process.env, NODE_ENV: 'development', ...options.env },
      stdio: ['ignore', out, out],
      // A process group of its own, so that killing the replica also kills the engine processes it started,
      // as when its machine dies.
      detached: true,
    },
  );
  closeSync(out);
  const exited = once(child, 'exit');
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
    await exited;
  };
  return {
    pid: child.pid!,
    running: () => child.exitCode === null && child.signalCode === null,
    log: () => readFile(logFile, 'utf8'),
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}
