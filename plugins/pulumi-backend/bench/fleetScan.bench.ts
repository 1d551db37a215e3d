/* eslint-disable no-console */
// A fleet scan: scheduled drift checks of every stack of a fleet of small real stacks (200 by default,
// STACKYARD_BENCH_FLEET to change it), by replicas of the plugin in processes of their own sharing one
// PostgreSQL database, as in production.
//
// - At concurrency 1, 2 and 4 (pulumi.runs.concurrency of one replica), the scan's wall time divided by
//   the ideal: the sum of the single raw `pulumi refresh --preview-only` times of every stack, divided by
//   the concurrency (P3). Each replica scans twice: the first pass after its start learns each stack's
//   secrets, the second is what a backend that keeps running pays; P3 is the second, beside the first.
// - Two replicas against one, each at concurrency 2: the ratio of their throughputs.
//
// Wall time runs from the first check queued to the last check recorded, so that process start-up is not
// counted. `yarn bench` (scripts/bench.sh) runs it.
import {
  createTestProject,
  createTestStacks,
  testPostgresUrl,
} from '@stackyard/plugin-pulumi-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { pulumiTestConfig } from '../src/__testUtils__/pulumiTestBackend';
import {
  ReplicaProcess,
  startReplicaProcess,
} from '../src/__testUtils__/replicaProcess';
import os from 'node:os';
import { recordFigure } from './benchUtils';
import { bareProjectFolder, rawRefresh } from './rawCli';

const FLEET = Number(process.env.STACKYARD_BENCH_FLEET) || 200;
const CONCURRENCIES = [1, 2, 4];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

type Fleet = Awaited<ReturnType<typeof createTestStacks>> & {
  projectDir: string;
  names: string[];
};

/** The replicas of a scan: started with some `pulumi` config over the shared database, stopped together. */
interface Replicas {
  start(count: number, pulumi: object): Promise<void>;
  stop(): Promise<void>;
}

async function waitFor(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 60 * 60 * 1000;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** How many rows a query counts. */
async function count(query: Knex.QueryBuilder): Promise<number> {
  return Number((await query.count({ n: '*' }).first())?.n);
}

/** Deploys the fleet: stacks s000, s001, … of the files project. */
async function deployFleet(): Promise<Fleet> {
  const projectDir = await createTestProject();
  const t = Date.now();
  const names = Array.from(
    { length: FLEET },
    (_, i) => `s${String(i).padStart(3, '0')}`,
  );
  const stacks = await createTestStacks({
    stacks: names.map(stack => ({
      project: 'files',
      stack,
      projectDir,
      secretConfig: { apiKey: 'fleet-bench-secret' },
    })),
    concurrency: 4,
  });
  console.log(
    `deployed ${FLEET} stacks in ${((Date.now() - t) / 1000).toFixed(0)} s`,
  );
  return { ...stacks, projectDir, names };
}

/** The database the replicas share: its name, a client of it once it exists, and its drop at the end. */
function fleetDatabase(adminUrl: string) {
  const prefix = `stackyard_fleet_${Date.now()}_`;
  const url = new URL(adminUrl);
  url.pathname = `/${prefix}pulumi`;
  let db: Knex | undefined;
  return {
    adminUrl,
    prefix,
    open: () =>
      (db = knexFactory({
        client: 'pg',
        connection: url.toString(),
        log: { error: () => {}, warn: () => {} },
      })),
    drop: async () => {
      await db?.destroy();
      const admin = knexFactory({ client: 'pg', connection: adminUrl });
      await admin.raw(`DROP DATABASE IF EXISTS "${prefix}pulumi" WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

function fleetReplicas(
  fleet: Fleet,
  database: { adminUrl: string; prefix: string },
): Replicas {
  const replicas: ReplicaProcess[] = [];
  const { adminUrl, prefix } = database;
  const replicaConfig = (pulumi: object) => ({
    backend: {
      database: { client: 'pg', connection: adminUrl, prefix },
    },
    pulumi: pulumiTestConfig({
      backend: fleet.backend,
      projectDir: fleet.projectDir,
      pulumi: {
        projects: [],
        sync: {
          schedule: {
            frequency: { hours: 6 },
            timeout: { minutes: 30 },
          },
        },
        ...pulumi,
      },
    }),
  });
  return {
    start: async (replicaCount, pulumi) => {
      for (let i = 0; i < replicaCount; i++) {
        replicas.push(
          await startReplicaProcess({ config: replicaConfig(pulumi) }),
        );
      }
    },
    stop: async () => {
      await Promise.all(replicas.splice(0).map(r => r.stop()));
    },
  };
}

/** What the raw CLI takes for the fleet, in ms: the sum of single times, and the wall time by concurrency. */
interface RawTimes {
  sum: number;
  wall: Record<number, number>;
}

/**
 * The raw CLI over the fleet, in the bare project folder that Stackyard's checks run in: one stack after
 * another, for the sum of single times; then `concurrency` at a time, for each concurrency, which shows
 * what the machine's cores allow the CLI itself.
 */
async function rawTimes(
  fleet: Fleet,
  concurrencies: number[],
): Promise<RawTimes> {
  const refresh = rawRefresh({
    ...fleet,
    projectDir: await bareProjectFolder('files'),
  });
  const check = (stack: string) => refresh(`organization/files/${stack}`);
  let sum = 0;
  for (const stack of fleet.names) sum += await check(stack);
  console.log(
    `raw pulumi refresh --preview-only: sum ${seconds(
      sum,
    )} over ${FLEET} stacks, mean ${(sum / FLEET).toFixed(0)} ms`,
  );
  const wall: Record<number, number> = {};
  for (const concurrency of concurrencies) {
    const queue = [...fleet.names];
    const start = Date.now();
    const worker = async () => {
      for (let stack = queue.shift(); stack; stack = queue.shift()) {
        await check(stack);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    wall[concurrency] = Date.now() - start;
    console.log(
      `raw pulumi refresh --preview-only, ${concurrency} at a time: wall ${seconds(
        wall[concurrency],
      )}, ratio to (sum / ${concurrency}) ${(
        (wall[concurrency] * concurrency) /
        sum
      ).toFixed(2)}`,
    );
  }
  return { sum, wall };
}

/**
 * One replica with drift checks off fills the stack cache, so that no scan pays for the first sync. The
 * database exists once that replica has started: `openDb` is called then, and its client returned.
 */
async function firstSync(
  replicas: Replicas,
  openDb: () => Knex,
): Promise<Knex> {
  const t = Date.now();
  await replicas.start(1, { drift: { enabled: false } });
  const db = openDb();
  await waitFor('the first sync', async () => {
    const total = await count(db('pulumi_stacks'));
    const stale = await count(
      db('pulumi_stacks').whereNull('details_synced_for'),
    );
    return total === FLEET && stale === 0;
  });
  await replicas.stop();
  console.log(`first sync took ${((Date.now() - t) / 1000).toFixed(0)} s`);
  return db;
}

/**
 * One pass over the fleet by the running replicas: every stack is made due, and the pass lasts from the
 * first check queued to the last one ended. Returns its wall time, in ms.
 */
async function pass(db: Knex): Promise<number> {
  const since = new Date().toISOString();
  const before = await count(db('pulumi_drift_checks'));
  await db('pulumi_stacks').update({ drift_next_check_at: null });
  await waitFor(
    'every check',
    async () => (await count(db('pulumi_drift_checks'))) >= before + FLEET,
  );
  const row = await db('pulumi_runs')
    .where({ kind: 'drift-check' })
    .where('created_at', '>=', since)
    .min({ first: 'created_at' })
    .max({ last: 'finished_at' })
    .first();
  if (!row?.first) throw new Error('no drift-check runs were recorded');
  return new Date(row.last).getTime() - new Date(row.first).getTime();
}

/** A scan's two passes: the first of a freshly started backend, then the next one, which it warmed. */
interface ScanTimes {
  cold: number;
  warm: number;
}

/**
 * Scans of the whole fleet by `replicaCount` freshly started replicas at `concurrency`: a first pass,
 * in which each stack's secrets are learnt, then a second, as a backend that keeps running scans.
 */
async function scan(
  replicas: Replicas,
  db: Knex,
  replicaCount: number,
  concurrency: number,
): Promise<ScanTimes> {
  await db('pulumi_runs').delete();
  // Nothing is due while the replicas start: each pass makes every stack due itself.
  await db('pulumi_stacks').update({
    drift_next_check_at: '2999-01-01T00:00:00.000Z',
    drift_status: 'unknown',
  });
  await replicas.start(replicaCount, {
    runs: { concurrency, pollSeconds: 1 },
    drift: { interval: { hours: 6 }, poll: { seconds: 1 } },
  });
  try {
    const cold = await pass(db);
    const warm = await pass(db);
    const failed = await count(
      db('pulumi_drift_checks').whereNot({ status: 'in_sync' }),
    );
    if (failed > 0) console.log(`  (${failed} checks not in sync)`);
    return { cold, warm };
  } finally {
    await replicas.stop();
  }
}

/** The line and the P3 figure of one replica's scans at `concurrency`. */
function reportScan(times: ScanTimes, concurrency: number, raw: RawTimes) {
  const ideal = raw.sum / concurrency;
  const rawWall = raw.wall[concurrency];
  console.log(
    `fleet scan, 1 replica, concurrency ${concurrency}: wall ${seconds(
      times.warm,
    )} (first pass after start ${seconds(
      times.cold,
    )}), ideal (raw sum / ${concurrency}) ${seconds(ideal)}, ratio ${(
      times.warm / ideal
    ).toFixed(2)} (first pass ${(times.cold / ideal).toFixed(
      2,
    )}); ÷ the raw CLI ${concurrency} at a time ${(
      times.warm / rawWall
    ).toFixed(2)}; ${((FLEET / times.warm) * 60_000).toFixed(0)} stacks/min`,
  );
  const cores = os.availableParallelism();
  recordFigure({
    id: 'P3',
    name: `fleet scan of ${FLEET} stacks ÷ (raw sum ÷ concurrency), concurrency ${concurrency}`,
    value: `${(times.warm / ideal).toFixed(2)} (first pass after start ${(
      times.cold / ideal
    ).toFixed(2)})`,
    beside: `raw sum ÷ ${concurrency} = ${seconds(
      ideal,
    )}; raw CLI ${concurrency} at a time ${seconds(rawWall)} (${(
      rawWall / ideal
    ).toFixed(2)})`,
    goal:
      concurrency <= 2 ? '≤ 1.15' : `none: more engines than ${cores} cores`,
    ...(concurrency <= 2 ? { met: times.warm / ideal <= 1.15 } : {}),
  });
}

/** The scans at concurrency 1, 2 and 4 on one replica, then two replicas at 2, with their lines. */
async function scans(replicas: Replicas, db: Knex, raw: RawTimes) {
  const walls: Record<number, number> = {};
  for (const concurrency of CONCURRENCIES) {
    const times = await scan(replicas, db, 1, concurrency);
    walls[concurrency] = times.warm;
    reportScan(times, concurrency, raw);
  }
  const two = await scan(replicas, db, 2, 2);
  console.log(
    `fleet scan, 2 replicas, concurrency 2 each: wall ${seconds(two.warm)}, ${(
      (FLEET / two.warm) *
      60_000
    ).toFixed(0)} stacks/min; throughput 2 replicas / 1 replica ${(
      walls[2] / two.warm
    ).toFixed(2)}`,
  );
}

async function main() {
  console.log(
    `command: yarn bench (plugins/pulumi-backend/bench/fleetScan.bench.ts), ${FLEET} stacks`,
  );
  const adminUrl = testPostgresUrl();
  if (!adminUrl) {
    console.log('fleet scan skipped: STACKYARD_TEST_POSTGRES_URL is not set');
    return;
  }
  const fleet = await deployFleet();
  const database = fleetDatabase(adminUrl);
  const replicas = fleetReplicas(fleet, database);
  try {
    const raw = await rawTimes(fleet, CONCURRENCIES);
    const db = await firstSync(replicas, database.open);
    await scans(replicas, db, raw);
  } finally {
    await replicas.stop();
    await database.drop();
    await fleet.dispose();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
