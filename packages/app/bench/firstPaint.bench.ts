/* eslint-disable no-console */
// First paint of the stacks explorer (/pulumi, tab "Stacks") and the drift dashboard (/pulumi/drift) with
// 10,000 stacks in the database, in headless Chromium. `yarn bench` (scripts/bench.sh) runs it; so does
// `yarn bench firstPaint` alone. It starts its own app (see appInstance.ts), seeds the stacks through
// plugins/pulumi-backend/bench/seedFleet.ts, signs in as a guest, then loads each view once to warm the
// HTTP cache and the database, and N more times. Each load starts from about:blank: a new document with a
// warm HTTP cache and a signed-in session, as when a user opens the page again.
//
// The times come from the page itself, measured from navigation start: a mutation observer notes when the
// element first exists, and the frame after that is when it is painted. The API times are the browser's
// resource timing of the requests to the backend. The app is the dev build that scripts/start.sh serves.
import { chromium, Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromiumLaunchOptions } from '../e2e-tests/chromium';
import { AppInstance, startApp } from './appInstance';

const STACKS = 10_000;
const LOADS = 5;
const ROOT = path.resolve(__dirname, '../../..');

/** The elements each view is measured by, as the views render them. */
const PROBES = {
  row: 'table[aria-label="stacks"] tbody tr a[href*="/pulumi/stacks/"]',
  counts: '[data-testid="count-drifted"]',
  item: 'ul[aria-label="drifted stacks"] > li',
};
type Probe = keyof typeof PROBES;

interface View {
  name: string;
  path: string;
  /** What is reported, each the time of a probe or the last of several. */
  metrics: Array<{ label: string; probes: Probe[] }>;
}

const VIEWS: View[] = [
  {
    name: 'stacks explorer',
    path: '/pulumi',
    metrics: [{ label: 'first stack row', probes: ['row'] }],
  },
  {
    name: 'drift dashboard',
    path: '/pulumi/drift',
    metrics: [
      { label: 'counts', probes: ['counts'] },
      { label: 'first drifted stack', probes: ['item'] },
      { label: 'counts and list', probes: ['counts', 'item'] },
    ],
  },
];

interface Load {
  fcp: number;
  marks: Record<Probe, number | undefined>;
  heapMb: number;
  requests: Array<{ name: string; duration: number; end: number }>;
}

/** Runs in every document before the app: notes when each probe's element appears, then is painted. */
function installProbes(probes: Record<string, string>) {
  const marks: Record<string, number> = {};
  (window as any).__stackyardBench = marks;
  const seen = new Set<string>();
  const check = () => {
    for (const [name, selector] of Object.entries(probes)) {
      if (!seen.has(name) && document.querySelector(selector)) {
        seen.add(name);
        // The element is in the DOM; the next frame paints it.
        requestAnimationFrame(() =>
          setTimeout(() => {
            marks[name] = performance.now();
          }, 0),
        );
      }
    }
  };
  new MutationObserver(check).observe(document, {
    childList: true,
    subtree: true,
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click({ timeout: 120_000 });
  await page
    .getByText('Stackyard Demo Catalog')
    .waitFor({ state: 'visible', timeout: 60_000 });
}

async function load(page: Page, view: View, app: AppInstance): Promise<Load> {
  await page.goto('about:blank');
  const cdp = await page.context().newCDPSession(page);
  // The renderer keeps the garbage of the earlier loads; collected now, it neither slows this load down
  // nor counts in its heap.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  await page.goto(view.path, { waitUntil: 'commit' });
  const probes = [...new Set(view.metrics.flatMap(m => m.probes))];
  for (const probe of probes) {
    await page
      .locator(PROBES[probe])
      .first()
      .waitFor({ state: 'visible', timeout: 120_000 });
  }
  await page.waitForFunction(
    (names: string[]) =>
      names.every(n => (window as any).__stackyardBench?.[n] !== undefined),
    probes,
  );
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  // The requests that the view makes after its first paint (owners, permissions) count too.
  await page
    .waitForLoadState('networkidle', { timeout: 10_000 })
    .catch(() => {});
  const measured = await page.evaluate((backend: string) => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      fcp: fcp?.startTime ?? NaN,
      marks: { ...(window as any).__stackyardBench },
      requests: performance
        .getEntriesByType('resource')
        .filter(r => r.name.startsWith(`${backend}/api/`))
        .map(r => ({
          name: r.name.slice(backend.length),
          duration: r.duration,
          end: (r as PerformanceResourceTiming).responseEnd,
        })),
    };
  }, app.backendUrl);
  const heap = metrics.find(m => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  return { ...measured, heapMb: heap / 2 ** 20 };
}

/** The request without the values of long query strings, so that the loads of a view group together. */
function requestKey(name: string): string {
  const [pathname, query] = name.split('?');
  if (!query) return pathname;
  return query.length <= 40 ? name : `${pathname}?${query.slice(0, 37)}...`;
}

function report(view: View, warmUp: Load, loads: Load[]) {
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : '-');
  const row = (label: string, first: string, med: string, max: string) =>
    console.log(
      `${view.name.padEnd(16)} ${label.padEnd(24)} ${first.padStart(
        9,
      )} ${med.padStart(9)} ${max.padStart(9)}`,
    );
  const timed = (label: string, of: (l: Load) => number) => {
    const values = loads.map(of);
    row(label, ms(of(warmUp)), ms(median(values)), ms(Math.max(...values)));
  };
  timed('first-contentful-paint', l => l.fcp);
  for (const metric of view.metrics) {
    timed(metric.label, l =>
      Math.max(...metric.probes.map(p => l.marks[p] ?? NaN)),
    );
  }
  const heap = loads.map(l => l.heapMb);
  row(
    'JS heap live at paint',
    `${warmUp.heapMb.toFixed(1)} MB`,
    `${median(heap).toFixed(1)} MB`,
    `${Math.max(...heap).toFixed(1)} MB`,
  );

  const byRequest = new Map<string, Array<{ duration: number; end: number }>>();
  for (const l of loads) {
    for (const r of l.requests) {
      const key = requestKey(r.name);
      byRequest.set(key, [...(byRequest.get(key) ?? []), r]);
    }
  }
  console.log(
    `${view.name.padEnd(
      16,
    )}   requests to the backend: per load, duration p50 and max, done at (p50, from navigation start)`,
  );
  for (const [name, timings] of [...byRequest].sort(
    (a, b) => median(a[1].map(t => t.end)) - median(b[1].map(t => t.end)),
  )) {
    const durations = timings.map(t => t.duration);
    console.log(
      `${view.name.padEnd(16)}   ${name.padEnd(62)} x${(
        timings.length / loads.length
      ).toFixed(1)}  p50 ${ms(median(durations)).padStart(7)}  max ${ms(
        Math.max(...durations),
      ).padStart(7)}  done at ${ms(median(timings.map(t => t.end))).padStart(
        7,
      )}`,
    );
  }
}

async function seed(app: AppInstance) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(ROOT, 'plugins/pulumi-backend/bench/seedFleet.ts'),
      app.pulumiDatabase,
      String(STACKS),
    ],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'development' } },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as {
    byStatus: Record<string, number>;
    checks: number;
    findings: number;
    ms: number;
  };
}

async function main() {
  console.log(
    `command: yarn bench (packages/app/bench/firstPaint.bench.ts), ${STACKS} stacks, ${LOADS} loads a view`,
  );
  const executablePath = process.env.STACKYARD_CHROMIUM;
  if (!executablePath) {
    throw new Error(
      'STACKYARD_CHROMIUM is not set: run through scripts/bench.sh',
    );
  }
  const started = Date.now();
  const app = await startApp({
    timeoutMs: 15 * 60_000,
    log: message => console.log(message),
  });
  const browser = await chromium
    .launch({ ...chromiumLaunchOptions, executablePath })
    .catch(async error => {
      await app.stop();
      throw error;
    });
  try {
    console.log(`app up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const seeded = await seed(app);
    console.log(
      `seeded ${STACKS} stacks (${Object.entries(seeded.byStatus)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ')}; ${seeded.checks} drift checks, ${
        seeded.findings
      } findings) in ${seeded.ms} ms`,
    );

    const context = await browser.newContext({
      baseURL: app.appUrl,
      viewport: { width: 1280, height: 900 },
    });
    await context.addInitScript(installProbes, PROBES);
    const page = await context.newPage();
    await signIn(page);

    console.log(
      `${'view'.padEnd(16)} ${'metric'.padEnd(24)} ${'warm-up'.padStart(
        9,
      )} ${'median'.padStart(9)} ${'max'.padStart(9)}`,
    );
    for (const view of VIEWS) {
      const warmUp = await load(page, view, app);
      const loads: Load[] = [];
      for (let i = 0; i < LOADS; i++) {
        loads.push(await load(page, view, app));
      }
      if (view.path === '/pulumi/drift') {
        // The dashboard counts the seeded fleet, or the figures above are of something else.
        const shown = await page.getByTestId('count-drifted').innerText();
        if (shown.split('\n')[0].trim() !== String(seeded.byStatus.drifted)) {
          throw new Error(
            `the dashboard shows '${shown}' drifted, the seed wrote ${seeded.byStatus.drifted}`,
          );
        }
        console.log(
          `drift dashboard  shows ${seeded.byStatus.drifted} drifted stacks, as seeded`,
        );
      }
      report(view, warmUp, loads);
    }
    await context.close();
  } catch (error) {
    console.error(app.logTail());
    throw error;
  } finally {
    await browser.close();
    await app.stop();
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
