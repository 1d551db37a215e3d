/* eslint-disable no-console */
// First paint of the stacks explorer (/pulumi, tab "Stacks") and the drift dashboard (/pulumi/drift) with
// 10,000 stacks in the database, in headless Chromium, on the production build (issue #19, P5). `yarn bench`
// (scripts/bench.sh) runs it; so does `yarn bench firstPaint` alone. It starts its own app with
// `scripts/start.sh --production` (see appInstance.ts; it builds first when the sources changed), seeds
// the stacks through plugins/pulumi-backend/bench/seedFleet.ts, signs in as a guest, then loads each view
// once to warm the HTTP cache and the database, and N more times (pageLoad.ts). It prints each figure, records
// P5 (first contentful paint and data on screen, median, beside the goals) for the table that scripts/bench.sh
// prints at the end, and prints the bundle's sizes (bundleSize.ts).
// STACKYARD_FIRST_PAINT_BUILD=dev measures the dev servers of `scripts/start.sh` instead.
import { Browser, chromium, Page } from '@playwright/test';
import path from 'node:path';
import { chromiumLaunchOptions } from '../e2e-tests/chromium';
// The benchmarks' shared summary table: bench files are not part of any package's build or API.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { recordFigure } from '../../../plugins/pulumi-backend/bench/benchUtils';
import { AppInstance, startApp } from './appInstance';
import { seedStacks } from './readLoadFleet';
import { formatBundle, measureBundle } from './bundleSize';
import {
  installProbes,
  Load,
  loadView,
  Probe,
  PROBES,
  signIn,
  View,
} from './pageLoad';

const STACKS = 10_000;
const LOADS = 5;
const APP_DIST = path.resolve(__dirname, '../dist');

// P5's goals in ms (issue #19), each for the median of the loads. The data on screen is the first rows of the
// explorer; of the dashboard, its counts, its chart and the first of its drifted stacks, all painted.
const GOALS = { fcp: 500, data: 1000 };

const VIEWS: View[] = [
  {
    name: 'stacks explorer',
    path: '/pulumi',
    metrics: [{ label: 'first stack row', probes: ['row'] }],
    data: ['row'],
  },
  {
    name: 'drift dashboard',
    path: '/pulumi/drift',
    metrics: [
      { label: 'counts', probes: ['counts'] },
      { label: 'chart', probes: ['chart'] },
      { label: 'first drifted stack', probes: ['item'] },
    ],
    data: ['counts', 'chart', 'item'],
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The last of the probes' times: when all of them are on screen. */
const lastOf = (load: Load, probes: Probe[]) =>
  Math.max(...probes.map(p => load.marks[p] ?? NaN));

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
  timed('data on screen', l => lastOf(l, view.data));
  for (const metric of view.metrics) {
    timed(metric.label, l => lastOf(l, metric.probes));
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

/** The goal figures of one view: medians and maxima of the loads. */
interface GoalFigures {
  view: string;
  fcp: number[];
  data: number[];
}

/** Records P5's figures for the table that scripts/bench.sh prints at the end, and prints them. */
function recordGoals(build: string, figures: GoalFigures[]) {
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  for (const f of figures) {
    for (const [what, values, goal] of [
      ['first contentful paint', f.fcp, GOALS.fcp],
      ['data on screen', f.data, GOALS.data],
    ] as const) {
      const value = median(values);
      recordFigure({
        id: 'P5',
        name: `${f.view}, ${what} (${build}, ${STACKS} stacks, median of ${values.length})`,
        value: ms(value),
        beside: `loads ${values.map(v => v.toFixed(0)).join(', ')} ms`,
        goal: `<= ${ms(goal)}`,
        met: value <= goal,
      });
    }
  }
}

/** The dashboard counts the seeded fleet, or its figures are of something else. */
async function checkDashboardCounts(page: Page, drifted: number) {
  const shown = await page.getByTestId('count-drifted').innerText();
  if (shown.split('\n')[0].trim() !== String(drifted)) {
    throw new Error(
      `the dashboard shows '${shown}' drifted, the seed wrote ${drifted}`,
    );
  }
  console.log(`drift dashboard  shows ${drifted} drifted stacks, as seeded`);
}

/** Seeds the fleet, signs in, loads each view LOADS times after a warm-up, and reports each. */
async function measure(
  browser: Browser,
  app: AppInstance,
): Promise<GoalFigures[]> {
  const seeded = await seedStacks(app, STACKS);
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
  const figures: GoalFigures[] = [];
  for (const view of VIEWS) {
    const warmUp = await loadView(page, view, app.backendUrl);
    const loads: Load[] = [];
    for (let i = 0; i < LOADS; i++) {
      loads.push(await loadView(page, view, app.backendUrl));
    }
    if (view.path === '/pulumi/drift') {
      await checkDashboardCounts(page, seeded.byStatus.drifted);
    }
    report(view, warmUp, loads);
    figures.push({
      view: view.name,
      fcp: loads.map(l => l.fcp),
      data: loads.map(l => lastOf(l, view.data)),
    });
  }
  await context.close();
  return figures;
}

async function main() {
  const production = process.env.STACKYARD_FIRST_PAINT_BUILD !== 'dev';
  const build = production
    ? 'production build (scripts/start.sh --production)'
    : 'dev servers (scripts/start.sh)';
  console.log(
    `command: yarn bench firstPaint (packages/app/bench/firstPaint.bench.ts), ${build}, ${STACKS} stacks, ${LOADS} loads a view`,
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
    production,
  });
  let figures: GoalFigures[];
  const browser = await chromium
    .launch({ ...chromiumLaunchOptions, executablePath })
    .catch(async error => {
      await app.stop();
      throw error;
    });
  try {
    console.log(`app up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    figures = await measure(browser, app);
  } catch (error) {
    console.error(app.logTail());
    throw error;
  } finally {
    await browser.close();
    await app.stop();
  }
  recordGoals(production ? 'production build' : 'dev servers', figures);
  if (production) {
    for (const line of formatBundle(measureBundle(APP_DIST))) {
      console.log(line);
    }
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
