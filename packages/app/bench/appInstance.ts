// A private instance of the demo app for a benchmark: scripts/start.sh, on free ports, with everything it
// writes in a temporary folder (../e2e-tests/privateApp.ts, as the end-to-end tests run it), so that it
// neither collides with an app that is already running on 3000/7007 nor touches the checkout's .stackyard
// data.
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CHECKOUT,
  createPrivateApp,
  removePrivateApp,
} from '../e2e-tests/privateApp';

/** A running app, see {@link startApp}. */
export interface AppInstance {
  /**
   * The app: the frontend dev server, for example `http://localhost:41234`, or, in production, the
   * backend that serves the built app.
   */
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
 * and the app is served. The demo seed is off: the benchmark brings its own stacks.
 *
 * By default it is the dev servers of `scripts/start.sh`; with `production`, the production build of
 * `scripts/start.sh --production` (built first unless the sources are unchanged), the app served by the
 * backend on one port.
 */
export async function startApp(options: {
  timeoutMs: number;
  log: (message: string) => void;
  production?: boolean;
}): Promise<AppInstance> {
  const app = createPrivateApp({ prefix: 'stackyard-bench-app-' });
  const { backendUrl } = app;
  const appUrl = options.production ? backendUrl : app.appUrl;
  const logFile = path.join(app.dir, 'app.log');
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
    removePrivateApp(app);
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

  try {
    const logFd = openSync(logFile, 'a');
    options.log(
      `starting the app${
        options.production ? ' (production build)' : ''
      } on ${appUrl} (backend ${backendUrl}) in ${app.dir}`,
    );
    const args = options.production ? ['--production'] : [];
    child = spawn(path.join(CHECKOUT, 'scripts/start.sh'), args, {
      cwd: CHECKOUT,
      // Its own process group, so that stop() ends the dev server and the backend with it.
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: {
        ...process.env,
        // scripts/bench.sh runs benchmarks in production mode; the app runs as scripts/start.sh runs it
        // (which sets NODE_ENV=production itself for the production build).
        NODE_ENV: 'development',
        ...app.env,
        APP_CONFIG_stackyard_demo_seed: 'false',
      },
    });
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
    await waitFor(options.production ? 'the app' : 'the dev server', appUrl);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    appUrl,
    backendUrl,
    pulumiDatabase: path.join(app.dataRoot, 'sqlite', 'pulumi.sqlite'),
    logTail,
    stop,
  };
}
