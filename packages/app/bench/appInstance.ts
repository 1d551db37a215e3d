// A private instance of the demo app for a benchmark: the same `backstage-cli repo start` that
// scripts/start.sh runs, on free ports, with its SQLite files, state backend, Pulumi home and project store
// in a temporary folder, so that it neither collides with an app that is already running on 3000/7007 nor
// touches the checkout's .stackyard data.
import { ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A running app, see {@link startApp}. */
export interface AppInstance {
  /** The frontend dev server, for example `http://localhost:41234`. */
  appUrl: string;
  /** The backend, for example `http://localhost:41235`. */
  backendUrl: string;
  /** The SQLite file of the `pulumi` plugin. */
  pulumiDatabase: string;
  /** The last lines the app printed, for error messages. */
  logTail(lines?: number): string;
  /** Stops every process of the app and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function isUp(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts the app and resolves once the backend's Pulumi plugin answers its health check (its tables exist)
 * and the dev server serves the compiled app. The demo seed is off: the benchmark brings its own stacks.
 */
export async function startApp(options: {
  root: string;
  timeoutMs: number;
  log: (message: string) => void;
}): Promise<AppInstance> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackyard-bench-app-'));
  const logFile = path.join(dir, 'app.log');
  let child: ChildProcess | undefined;
  let stopping: Promise<void> | undefined;

  const logTail = (lines = 40) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child?.pid) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  // Whatever ends this process, the app does not outlive it: a signal stops it first, and an exit that
  // did not wait for stop() kills it.
  const onSignal = () => {
    stop().finally(() => process.exit(130));
  };
  const onExit = () => {
    signalGroup('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);
  async function stopOnce() {
    signalGroup('SIGTERM');
    if (child) await Promise.race([exited(child), sleep(15_000)]);
    // The dev server and the backend are children of the CLI; whatever of them is left goes now.
    await sleep(1_000);
    onExit();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
  // A second caller (a signal during a run) waits for the same stop.
  function stop(): Promise<void> {
    stopping ??= stopOnce();
    return stopping;
  }

  const [appPort, backendPort] = [await freePort(), await freePort()];
  const appUrl = `http://localhost:${appPort}`;
  const backendUrl = `http://localhost:${backendPort}`;
  try {
    for (const sub of ['sqlite', 'state', 'demo', 'projects', 'pulumi-home']) {
      mkdirSync(path.join(dir, sub));
    }
    const logFd = openSync(logFile, 'a');
    options.log(
      `starting the app on ${appUrl} (backend ${backendUrl}) in ${dir}`,
    );
    child = spawn(
      process.execPath,
      [require.resolve('@backstage/cli/bin/backstage-cli'), 'repo', 'start'],
      {
        cwd: options.root,
        // Its own process group, so that stop() ends the dev server and the backend with it.
        detached: true,
        stdio: ['ignore', logFd, logFd],
        env: {
          ...process.env,
          // scripts/bench.sh runs benchmarks in production mode; the app runs as scripts/start.sh runs it.
          NODE_ENV: 'development',
          BROWSER: 'none',
          APP_CONFIG_app_baseUrl: appUrl,
          APP_CONFIG_backend_baseUrl: backendUrl,
          APP_CONFIG_backend_listen_port: String(backendPort),
          APP_CONFIG_backend_cors_origin: appUrl,
          APP_CONFIG_backend_database_connection_directory: path.join(
            dir,
            'sqlite',
          ),
          APP_CONFIG_pulumi_homeDir: path.join(dir, 'pulumi-home'),
          APP_CONFIG_pulumi_projectStore_dir: path.join(dir, 'projects'),
          APP_CONFIG_stackyard_demo_seed: 'false',
          APP_CONFIG_stackyard_demo_dataDir: path.join(dir, 'demo'),
          // Read by app-config.yaml, like demo_env in scripts/lib/bootstrap.sh sets them.
          STACKYARD_LOCAL_BACKEND_URL: `file://${path.join(dir, 'state')}`,
          STACKYARD_LOCAL_PASSPHRASE: 'stackyard-bench',
          STACKYARD_DATA_DIR: path.join(dir, 'demo'),
        },
      },
    );
    closeSync(logFd);

    const deadline = Date.now() + options.timeoutMs;
    const waitFor = async (what: string, url: string) => {
      while (!(await isUp(url))) {
        if (child!.exitCode !== null) {
          throw new Error(
            `the app exited (${
              child!.exitCode
            }) before ${what} was up:\n${logTail()}`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(
            `${what} was not up after ${
              options.timeoutMs / 1000
            } s:\n${logTail()}`,
          );
        }
        await sleep(2_000);
      }
    };
    await waitFor('the Pulumi plugin', `${backendUrl}/api/pulumi/health`);
    await waitFor('the dev server', appUrl);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    appUrl,
    backendUrl,
    pulumiDatabase: path.join(dir, 'sqlite', 'pulumi.sqlite'),
    logTail,
    stop,
  };
}
