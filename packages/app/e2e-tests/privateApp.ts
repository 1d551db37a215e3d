// An app of its own for the end-to-end tests, the screenshots and the benchmarks: the app that
// scripts/start.sh runs, on free ports and with everything it writes in a temporary folder, so that they
// never write into the demo that a person runs: not its ports (3000, 7007), not the checkout's .stackyard,
// and not the stack files beside examples/projects.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The checkout. */
export const CHECKOUT = path.resolve(__dirname, '../../..');

/** The environment variable that hands a private app to the processes a test runner starts. */
const SHARED = 'STACKYARD_PRIVATE_APP';

/** An app of its own, see {@link createPrivateApp}. */
export interface PrivateApp {
  /** Its temporary folder, which holds all of the below. */
  dir: string;
  /** What the app writes (STACKYARD_DEMO_ROOT): sqlite/, state/, demo/, projects/, pulumi-home/. */
  dataRoot: string;
  /** Copies of examples/projects (STACKYARD_DEMO_PROJECTS), where its stacks keep their stack files. */
  programs: string;
  appPort: number;
  backendPort: number;
  appUrl: string;
  backendUrl: string;
  /** The legacy app (packages/app-legacy), served from the same backend, when the app was asked for it. */
  legacyAppPort?: number;
  legacyAppUrl?: string;
  /**
   * A static token of the backend's external access, subject `e2e-requester`: a caller other than the
   * signed-in guest, to ask for runs that the guest then approves.
   */
  requesterToken: string;
  /** What scripts/start.sh needs, besides the caller's environment, to run this app. */
  env: Record<string, string>;
}

/** Free loopback ports, found synchronously: Playwright reads its config synchronously. */
function freePorts(count: number): number[] {
  const script = `
    const net = require('node:net');
    const servers = Array.from({ length: ${count} }, () => net.createServer());
    Promise.all(servers.map(s => new Promise(r => s.listen(0, '127.0.0.1', r)))).then(() => {
      console.log(servers.map(s => s.address().port).join(' '));
      servers.forEach(s => s.close());
    });`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .map(Number);
}

/** Where a private app lives: its folder and ports, which its processes share (see {@link sharedPrivateApp}). */
interface Placement {
  dir: string;
  appPort: number;
  backendPort: number;
  legacyAppPort?: number;
}

function describe(placement: Placement): PrivateApp {
  const { dir, appPort, backendPort, legacyAppPort } = placement;
  const dataRoot = path.join(dir, 'data');
  const programs = path.join(dir, 'programs');
  const requesterToken = createHash('sha256').update(dir).digest('hex');
  return {
    requesterToken,
    dir,
    dataRoot,
    programs,
    appPort,
    backendPort,
    legacyAppPort,
    appUrl: `http://localhost:${appPort}`,
    backendUrl: `http://localhost:${backendPort}`,
    legacyAppUrl: legacyAppPort
      ? `http://localhost:${legacyAppPort}`
      : undefined,
    env: {
      // Read by demo_env in scripts/lib/bootstrap.sh.
      STACKYARD_DEMO_ROOT: dataRoot,
      STACKYARD_DEMO_PROJECTS: programs,
      STACKYARD_APP_PORT: String(appPort),
      STACKYARD_BACKEND_PORT: String(backendPort),
      // Empty, so that demo_env derives them from STACKYARD_DEMO_ROOT whatever the caller's shell has.
      STACKYARD_LOCAL_BACKEND_URL: '',
      STACKYARD_DATA_DIR: '',
      // The copies' packages are the checkout's already (see createPrivateApp).
      APP_CONFIG_stackyard_demo_installDependencies: 'false',
      BROWSER: 'none',
      STACKYARD_LEGACY_APP_PORT: legacyAppPort ? String(legacyAppPort) : '',
      APP_CONFIG_backend_auth_externalAccess: JSON.stringify([
        {
          type: 'static',
          options: { token: requesterToken, subject: 'e2e-requester' },
        },
      ]),
      // The demo protects its prod stacks; the approval spec asks for an up of website/dev, so that it
      // leaves alone the drift of website/prod that other specs look at.
      APP_CONFIG_pulumi_approvals_protectedStacks: JSON.stringify([
        '*:*/*/prod',
        'local:organization/website/dev',
      ]),
    },
  };
}

/**
 * Makes a temporary folder for an app of its own, with copies of the example projects whose `node_modules`
 * is the checkout's (a link in the folder, above the copies), picks free ports, and returns what
 * scripts/start.sh needs to run the app there. {@link removePrivateApp} removes the folder.
 */
export function createPrivateApp(options: {
  prefix: string;
  /** Also serve the legacy app (packages/app-legacy), on a port of its own. */
  legacyApp?: boolean;
}): PrivateApp {
  const dir = mkdtempSync(path.join(os.tmpdir(), options.prefix));
  const [appPort, backendPort, legacyAppPort] = freePorts(
    options.legacyApp ? 3 : 2,
  );
  const app = describe({ dir, appPort, backendPort, legacyAppPort });
  mkdirSync(app.dataRoot);
  // The demo's own stack files stay behind: the app's stacks write their own.
  cpSync(path.join(CHECKOUT, 'examples/projects'), app.programs, {
    recursive: true,
    filter: source =>
      path.basename(source) !== 'node_modules' &&
      !/^Pulumi\.[^/]+\.ya?ml$/.test(path.basename(source)),
  });
  symlinkSync(
    path.join(CHECKOUT, 'node_modules'),
    path.join(dir, 'node_modules'),
    'dir',
  );
  return app;
}

/** Removes a private app's folder; the app must have stopped. */
export function removePrivateApp(app: PrivateApp): void {
  rmSync(app.dir, { recursive: true, force: true });
}

/** The private app that a parent process of this one shares through the environment, if any. */
function inherited(): PrivateApp | undefined {
  const shared = process.env[SHARED];
  if (!shared) {
    return undefined;
  }
  return describe(JSON.parse(shared) as Placement);
}

/**
 * The private app of a test run, which every process of the run shares: the first (the runner) creates it
 * and removes it when it exits, after the app has stopped; the processes it starts (Playwright's workers,
 * which read the config again) inherit it through the environment.
 */
export function sharedPrivateApp(
  options: Parameters<typeof createPrivateApp>[0],
): PrivateApp {
  const existing = inherited();
  if (existing) {
    return existing;
  }
  const app = createPrivateApp(options);
  const { dir, appPort, backendPort, legacyAppPort } = app;
  const placement: Placement = { dir, appPort, backendPort, legacyAppPort };
  process.env[SHARED] = JSON.stringify(placement);
  process.once('exit', () => removePrivateApp(app));
  return app;
}

/** The private app of the running test run (see {@link sharedPrivateApp}). */
export function currentPrivateApp(): PrivateApp {
  const app = inherited();
  if (!app) {
    throw new Error(`${SHARED} is not set: not in a run of a private app`);
  }
  return app;
}

/** Playwright's webServer for a private app: scripts/start.sh, never a server that is up already. */
export function privateAppWebServer(app: PrivateApp) {
  return {
    command: 'scripts/start.sh',
    cwd: CHECKOUT,
    env: app.env,
    url: `${app.backendUrl}/.backstage/health/v1/readiness`,
    reuseExistingServer: false,
    // The first start compiles the app; on two cores that takes a few minutes. The demo's seeding follows.
    timeout: 600_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
  };
}
