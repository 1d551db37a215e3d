/* eslint-disable no-console */
// Reads under load (issue #19, P2b): 50 closed-loop clients for 60 s over the requests that the stacks
// explorer, the stack page and the drift dashboard send, against one backend process with 10,000 stacks and
// no engine work running. `yarn bench readLoad` runs it. It starts its own app (appInstance.ts), seeds the
// fleet (readLoadFleet.ts), signs in as a guest, warms up, measures, then loads the backend again under a
// CPU profile (cpuProfile.ts) and prints the profile's top frames by self time.
//
// The clients run in this process, on the same cores as the backend: on a small machine they take some of
// its CPU, so the figures are a lower bound of what the backend serves.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// The benchmarks' shared summary table: bench files are not part of any package's build or API.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { recordFigure } from '../../../plugins/pulumi-backend/bench/benchUtils';
import { AppInstance, startApp } from './appInstance';
import { pidListeningOn, startProfiling, summarizeProfile } from './cpuProfile';
import { LoadView, RouteFigures, runClosedLoop } from './loadClients';
import {
  guestToken,
  moveSampleToLocal,
  SampleStack,
  seedStacks,
} from './readLoadFleet';

const STACKS = 10_000;
const CLIENTS = 50;
const SECONDS = Number(process.env.STACKYARD_READLOAD_SECONDS ?? 60);
const WARM_UP_SECONDS = 10;
const PROFILE_SECONDS = Number(
  process.env.STACKYARD_READLOAD_PROFILE_SECONDS ?? 20,
);
/** At most this many requests a run, whatever the time: 5,000 a second. */
const MAX_REQUESTS_PER_SECOND = 5_000;
const TIMEOUT_MS = 30_000;
/** Every this-many-th stack is one that the stack page opens. */
const SAMPLE_EVERY = 20;
const GOALS = { perSecond: 500, p95: 150, errors: 0 };

/** The requests that each view sends when it opens, as plugins/pulumi/src/api/PulumiClient.ts words them. */
function views(sample: SampleStack[]): LoadView[] {
  const stackPath = (pick: () => number) => {
    const s = sample[Math.floor(pick() * sample.length)];
    return `/api/pulumi/stacks/${s.backend}/${s.project}/${s.stack}`;
  };
  // One stack a visit: the page's requests all name the stack that the visit's first one picked.
  return [
    {
      name: 'stacks explorer',
      routes: [
        { name: 'GET /backends', path: () => '/api/pulumi/backends' },
        {
          name: 'GET /stacks?sort=name&order=asc&limit=25',
          path: () => '/api/pulumi/stacks?sort=name&order=asc&limit=25',
        },
      ],
    },
    {
      name: 'stack page',
      routes: [
        {
          name: 'GET /stacks/:b/:p/:s',
          path: ({ pick, visit }) => {
            visit.stack = stackPath(pick);
            return visit.stack;
          },
        },
        {
          name: 'GET /stacks/:b/:p/:s/drift',
          path: ({ visit }) => `${visit.stack}/drift`,
        },
        {
          name: 'GET /stacks/:b/:p/:s/drift/checks?limit=20',
          path: ({ visit }) => `${visit.stack}/drift/checks?limit=20`,
        },
        {
          name: 'GET /stacks/:b/:p/:s/runs?limit=20',
          path: ({ visit }) => `${visit.stack}/runs?limit=20`,
        },
        {
          name: 'GET /stacks/:b/:p/:s/history',
          path: ({ visit }) => `${visit.stack}/history`,
        },
      ],
    },
    {
      name: 'drift dashboard',
      routes: [
        {
          name: 'GET /drift/summary?days=30',
          path: () => '/api/pulumi/drift/summary?days=30',
        },
        {
          name: 'GET /drift/stacks?limit=25',
          path: () => '/api/pulumi/drift/stacks?limit=25',
        },
      ],
    },
  ];
}

function printFigures(title: string, seconds: number, rows: RouteFigures[]) {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(`${title} (${seconds.toFixed(1)} s)`);
  console.log(
    `  ${'route'.padEnd(44)} ${'requests'.padStart(8)} ${'req/s'.padStart(
      7,
    )} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p99'.padStart(
      9,
    )} ${'errors'.padStart(6)} ${'bytes'.padStart(7)}`,
  );
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(44)} ${String(r.requests).padStart(8)} ${r.perSecond
        .toFixed(1)
        .padStart(7)} ${ms(r.p50).padStart(9)} ${ms(r.p95).padStart(9)} ${ms(
        r.p99,
      ).padStart(9)} ${String(r.errors).padStart(6)} ${r.meanBytes
        .toFixed(0)
        .padStart(7)}`,
    );
    for (const sample of r.samples) console.log(`      error: ${sample}`);
  }
}

function printGoals(all: RouteFigures) {
  const met =
    all.perSecond >= GOALS.perSecond &&
    all.p95 <= GOALS.p95 &&
    all.errors === GOALS.errors;
  recordFigure({
    id: 'P2b',
    name: `reads, ${CLIENTS} closed-loop clients for 60 s, ${STACKS} stacks: req/s, p95, errors`,
    value: `${all.perSecond.toFixed(0)} req/s, p95 ${all.p95.toFixed(0)} ms, ${
      all.errors
    } errors (p50 ${all.p50.toFixed(0)} ms)`,
    beside: 'one backend process, no engine work',
    goal: `≥ ${GOALS.perSecond} req/s, p95 ≤ ${GOALS.p95} ms, ${GOALS.errors} errors`,
    met,
  });
}

/** Loads the backend under its CPU profile and prints the top frames by self time. */
async function profile(app: AppInstance, load: LoadView[], tokens: string[]) {
  const pid = pidListeningOn(Number(new URL(app.backendUrl).port));
  const profiling = await startProfiling(pid);
  const run = await runClosedLoop({
    baseUrl: app.backendUrl,
    tokens,
    views: load,
    clients: CLIENTS,
    durationMs: PROFILE_SECONDS * 1000,
    maxRequests: PROFILE_SECONDS * MAX_REQUESTS_PER_SECOND,
    timeoutMs: TIMEOUT_MS,
  });
  const cpu = await profiling.stop();
  const file = path.join(
    os.tmpdir(),
    `stackyard-readLoad-${Date.now()}.cpuprofile`,
  );
  writeFileSync(file, JSON.stringify(cpu));
  const summary = summarizeProfile(cpu, 25);
  console.log(
    `CPU profile of the backend (pid ${pid}) under the same load: ${run.all.perSecond.toFixed(
      0,
    )} req/s, p95 ${run.all.p95.toFixed(0)} ms while sampled; busy ${(
      summary.busyMs / 1000
    ).toFixed(1)} s of ${(summary.wallMs / 1000).toFixed(1)} s, ${(
      summary.busyMs / run.all.requests
    ).toFixed(2)} ms of main thread a request; saved to ${file}`,
  );
  const print = (title: string, rows: typeof summary.frames) => {
    console.log(`  ${title}`);
    for (const r of rows) {
      console.log(
        `  ${(r.share * 100).toFixed(1).padStart(5)}% ${r.ms
          .toFixed(0)
          .padStart(6)} ms  ${r.name}`,
      );
    }
  };
  print('self time by package', summary.owners.slice(0, 15));
  print('top frames by self time', summary.frames);
}

async function measure(app: AppInstance, load: LoadView[], tokens: string[]) {
  const common = {
    baseUrl: app.backendUrl,
    tokens,
    views: load,
    clients: CLIENTS,
    timeoutMs: TIMEOUT_MS,
  };
  await runClosedLoop({
    ...common,
    durationMs: WARM_UP_SECONDS * 1000,
    maxRequests: WARM_UP_SECONDS * MAX_REQUESTS_PER_SECOND,
  });
  const run = await runClosedLoop({
    ...common,
    durationMs: SECONDS * 1000,
    maxRequests: SECONDS * MAX_REQUESTS_PER_SECOND,
  });
  printFigures(
    `${CLIENTS} closed-loop clients, ${STACKS} stacks`,
    run.seconds,
    [...run.routes, run.all],
  );
  printGoals(run.all);
}

async function main() {
  console.log(
    `command: yarn bench readLoad (packages/app/bench/readLoad.bench.ts), ${STACKS} stacks, ${CLIENTS} clients, ${SECONDS} s after ${WARM_UP_SECONDS} s of warm-up`,
  );
  const started = Date.now();
  // The backend's inspector opens on a free port when the profile starts (SIGUSR1), never on 9229. The
  // stack sync runs once at start, then hourly: the load runs with no engine work, and the sample of
  // stacks moved to `local` stays (see moveSampleToLocal).
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, '--inspect-port=0']
    .filter(Boolean)
    .join(' ');
  process.env.APP_CONFIG_pulumi_sync_schedule_frequency = '{"minutes":60}';
  // The production build, one backend process, as users run it.
  const app = await startApp({
    production: true,
    timeoutMs: 15 * 60_000,
    log: message => console.log(message),
  });
  try {
    console.log(`app up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const seeded = await seedStacks(app, STACKS);
    // The stack sync's first run ends well before this; its next is an hour away.
    await new Promise(r => setTimeout(r, 10_000));
    const sample = moveSampleToLocal(app, SAMPLE_EVERY);
    console.log(
      `seeded ${STACKS} stacks (${Object.entries(seeded.byStatus)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ')}; ${seeded.checks} drift checks, ${
        seeded.findings
      } findings) in ${seeded.ms} ms; the stack page opens ${
        sample.length
      } of them, in backend 'local'`,
    );
    // A sign-in of its own for each client, as 50 users would have: a caller's reused read decisions
    // (pulumi.permissions.readDecisionSeconds) serve that caller only.
    const tokens = await Promise.all(
      Array.from({ length: CLIENTS }, () => guestToken(app)),
    );
    console.log(
      `${new Set(tokens).size} distinct tokens for ${CLIENTS} clients`,
    );
    const load = views(sample);
    await measure(app, load, tokens);
    if (PROFILE_SECONDS > 0) await profile(app, load, tokens);
  } catch (error) {
    console.error(app.logTail());
    throw error;
  } finally {
    await app.stop();
  }
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
