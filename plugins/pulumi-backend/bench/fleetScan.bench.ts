/* eslint-disable no-console */
// A fleet scan: scheduled drift checks of every stack of a fleet of small real stacks (200 by default,
// STACKYARD_BENCH_FLEET to change it), by replicas of the plugin in processes of their own sharing one
// PostgreSQL database, as in production.
//
// - At concurrency 1, 2 and 4 (pulumi.runs.concurrency of one replica), the scan's wall time divided by
//   the ideal: the sum of the single raw `pulumi refresh --preview-only` times of every stack, divided by
//   the concurrency.
// - Two replicas against one, each at concurrency 2: the ratio of their throughputs.
//
// Wall time runs from the first check queued to the last check recorded, so that process start-up is not
// counted. `yarn bench` (scripts/bench.sh) runs it.
import { createEngineEnvironment } from '@stackyard/plugin-pulumi-node';
import {
  createTestProject,
  createTestStacks,
  testPostgresUrl,
} from '@stackyard/plugin-pulumi-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { pulumiTestConfig } from '../src/__testUtils__/pulumiTestBackend';
import {
  ReplicaProcess,
  startReplicaProcess,
} from '../src/__testUtils__/replicaProcess';

const FLEET = Number(process.env.STACKYARD_BENCH_FLEET) || 200;
const run = promisify(execFile);

async function waitFor(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 60 * 60 * 1000;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 250));
  }
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
  const projectDir = await createTestProject();
  let t = Date.now();
  const names = Array.from(
    { length: FLEET },
    (_, i) => `s${String(i).padStart(3, '0')}`,
  );
  const { engine, backend, dispose } = await createTestStacks({
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

  const prefix = `stackyard_fleet_${Date.now()}_`;
  const url = new URL(adminUrl);
  url.pathname = `/${prefix}pulumi`;
  let db: Knex | undefined;
  const replicas: ReplicaProcess[] = [];
  const startReplicas = async (count: number, pulumi: object) => {
    for (let i = 0; i < count; i++) {
      replicas.push(
        await startReplicaProcess({
          config: {
            backend: {
              database: { client: 'pg', connection: adminUrl, prefix },
            },
            pulumi: pulumiTestConfig({
              backend,
              projectDir,
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
          },
        }),
      );
    }
  };
  const stopReplicas = async () => {
    await Promise.all(replicas.splice(0).map(r => r.stop()));
  };

  try {
    // The raw CLI, one stack after another: the sum of single times.
    const env = createEngineEnvironment({
      engineRoot: engine.root,
      pulumiHome: backend.pulumiHome,
      backendUrl: backend.url,
      passphrase: backend.passphrase,
    });
    let rawSumMs = 0;
    for (const stack of names) {
      const start = process.hrtime.bigint();
      await run(
        path.join(engine.root, 'bin', 'pulumi'),
        [
          'refresh',
          '--preview-only',
          '--non-interactive',
          '--stack',
          `organization/files/${stack}`,
        ],
        { cwd: projectDir, env },
      );
      rawSumMs += Number(process.hrtime.bigint() - start) / 1e6;
    }
    console.log(
      `raw pulumi refresh --preview-only: sum ${(rawSumMs / 1000).toFixed(
        1,
      )} s over ${FLEET} stacks, mean ${(rawSumMs / FLEET).toFixed(0)} ms`,
    );

    // One replica with drift checks off fills the stack cache, so that no scan pays for the first sync.
    t = Date.now();
    await startReplicas(1, { drift: { enabled: false } });
    db = knexFactory({
      client: 'pg',
      connection: url.toString(),
      log: { error: () => {}, warn: () => {} },
    });
    await waitFor('the first sync', async () => {
      const total = Number(
        (await db!('pulumi_stacks').count({ n: '*' }).first())?.n,
      );
      const stale = Number(
        (
          await db!('pulumi_stacks')
            .whereNull('details_synced_for')
            .count({ n: '*' })
            .first()
        )?.n,
      );
      return total === FLEET && stale === 0;
    });
    await stopReplicas();
    console.log(`first sync took ${((Date.now() - t) / 1000).toFixed(0)} s`);

    const scan = async (replicaCount: number, concurrency: number) => {
      await db!('pulumi_runs').delete();
      await db!('pulumi_stacks').update({
        drift_next_check_at: null,
        drift_status: 'unknown',
      });
      await startReplicas(replicaCount, {
        runs: { concurrency, pollSeconds: 1 },
        drift: { interval: { hours: 6 }, poll: { seconds: 1 } },
      });
      await waitFor('every check', async () => {
        const n = Number(
          (await db!('pulumi_drift_checks').count({ n: '*' }).first())?.n,
        );
        return n >= FLEET;
      });
      const row = await db!('pulumi_runs')
        .where({ kind: 'drift-check' })
        .min({ first: 'created_at' })
        .max({ last: 'finished_at' })
        .first();
      const failed = Number(
        (
          await db!('pulumi_drift_checks')
            .whereNot({ status: 'in_sync' })
            .count({ n: '*' })
            .first()
        )?.n,
      );
      await stopReplicas();
      if (!row) throw new Error('no drift-check runs were recorded');
      const wallMs =
        new Date(row.last).getTime() - new Date(row.first).getTime();
      if (failed > 0) console.log(`  (${failed} checks not in sync)`);
      return wallMs;
    };

    const walls: Record<number, number> = {};
    for (const concurrency of [1, 2, 4]) {
      const wallMs = await scan(1, concurrency);
      walls[concurrency] = wallMs;
      const ideal = rawSumMs / concurrency;
      console.log(
        `fleet scan, 1 replica, concurrency ${concurrency}: wall ${(
          wallMs / 1000
        ).toFixed(1)} s, ideal (raw sum / ${concurrency}) ${(
          ideal / 1000
        ).toFixed(1)} s, ratio ${(wallMs / ideal).toFixed(2)}, ${(
          (FLEET / wallMs) *
          60_000
        ).toFixed(0)} stacks/min`,
      );
    }
    const twoWall = await scan(2, 2);
    console.log(
      `fleet scan, 2 replicas, concurrency 2 each: wall ${(
        twoWall / 1000
      ).toFixed(1)} s, ${((FLEET / twoWall) * 60_000).toFixed(
        0,
      )} stacks/min; throughput 2 replicas / 1 replica ${(
        walls[2] / twoWall
      ).toFixed(2)}`,
    );
  } finally {
    await stopReplicas();
    await db?.destroy();
    const admin = knexFactory({ client: 'pg', connection: adminUrl });
    await admin.raw(`DROP DATABASE IF EXISTS "${prefix}pulumi" WITH (FORCE)`);
    await admin.destroy();
    await dispose();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
