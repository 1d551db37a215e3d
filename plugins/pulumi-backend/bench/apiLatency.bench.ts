import type { PulumiHealth } from '@stackyard/plugin-pulumi-common';
/* eslint-disable no-console */
// Latency of the read routes with 10,000 stacks in the database: `yarn bench` (scripts/bench.sh) runs it.
// The routes run over real HTTP against the plugin's router and stores, on SQLite (in memory, as the demo
// runs) and, when STACKYARD_TEST_POSTGRES_URL names a server, on PostgreSQL.
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import {
  pulumiStackConditions,
  pulumiStackPermissionRules,
} from '@stackyard/plugin-pulumi-node';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { createStores } from '../src/database/createStores';
import type { DatabaseDriftStore } from '../src/database/DatabaseDriftStore';
import type { DatabaseRunStore } from '../src/database/DatabaseRunStore';
import type { DatabaseStackStore } from '../src/database/DatabaseStackStore';
import { RunQueue } from '../src/runs/RunQueue';
import { createRouter } from '../src/service/router';
import { percentile, withPostgresDatabase } from './benchUtils';

const STACKS = 10_000;
const REQUESTS = 400;

/** How many of the stacks have drifted, each with a check of three findings. */
const DRIFTED = 500;

async function seed(
  stacks: DatabaseStackStore,
  runs: DatabaseRunStore,
  drift: DatabaseDriftStore,
) {
  const listings = Array.from({ length: STACKS }, (_, i) => ({
    backendId: 'local',
    organization: 'organization',
    project: `service-${String(Math.floor(i / 4)).padStart(4, '0')}`,
    stack: ['dev', 'staging', 'prod', 'qa'][i % 4],
    lastUpdate: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
    resourceCount: 12,
  }));
  await stacks.replaceBackendStacks('local', listings);
  for (const l of listings.slice(0, 200)) {
    await stacks.saveStackDetails(
      `local:organization/${l.project}/${l.stack}`,
      {
        state: {
          outputs: { url: `https://${l.project}.example`, token: '[secret]' },
          resources: Array.from({ length: 12 }, (_, r) => ({
            urn: `urn:pulumi:${l.stack}::${l.project}::stackyard:LocalFile::f${r}`,
            type: 'pulumi-nodejs:dynamic/stackyard:LocalFile',
            name: `f${r}`,
            custom: true,
          })),
          stackReferences: [],
        },
        history: [],
      },
    );
  }
  await stacks.replaceLinks(
    listings.map((l, i) => ({
      stackRef: `local:organization/${l.project}/${l.stack}`,
      entityRef: `component:default/${l.project}`,
      ownerRef: `group:default/team-${i % 50}`,
    })),
  );
  for (const [i, l] of listings.slice(0, DRIFTED).entries()) {
    const stackRef = `local:organization/${l.project}/${l.stack}`;
    const check = await runs.createRun({
      stackRef,
      backendId: 'local',
      project: l.project,
      stack: l.stack,
      kind: 'drift-check',
      requestedBy: 'stackyard:drift-scheduler',
    });
    await drift.recordCheck({
      runId: check.id,
      stackRef,
      kind: 'drift-check',
      status: 'drifted',
      requestedBy: check.requestedBy,
      checkedAt: new Date(Date.UTC(2026, 10, 20) + i * 1000).toISOString(),
      findings: Array.from({ length: 3 }, (_, f) => ({
        urn: `urn:pulumi:${l.stack}::${l.project}::stackyard:LocalFile::f${f}`,
        type: 'pulumi-nodejs:dynamic/stackyard:LocalFile',
        name: `f${f}`,
        kind: 'changed' as const,
        source: 'outside' as const,
        properties: [{ path: 'content', expected: 'a', actual: 'b' }],
        ignored: f === 2,
      })),
    });
  }
}

async function measure(base: string, path: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const url = path.replace('{i}', String(i % 2500).padStart(4, '0'));
    const start = process.hrtime.bigint();
    const res = await fetch(`${base}${url}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

async function run(label: string, knex: Knex) {
  const database = mockServices.database({ knex, migrations: { skip: false } });
  const { stacks, runs, drift } = await createStores(database);
  const seedStart = Date.now();
  await seed(stacks, runs, drift);
  const seedMs = Date.now() - seedStart;

  let conditional = false;
  const health = (): PulumiHealth => ({
    status: 'ok',
    engine: { version: 'bench' },
    backends: ['local'],
  });
  const router = await createRouter({
    health,
    backendIds: () => ['local'],
    stacks,
    runs,
    queue: new RunQueue({ runs, health, onRunQueued: () => {} }),
    config: mockServices.rootConfig(),
    logger: mockServices.rootLogger({ level: 'none' }),
    drift,
    driftRules: () => drift.listRules(),
    hasProgram: () => true,
    manualCheckIntervalMs: 0,
    onRunCancelRequested: () => {},
    auth: mockServices.auth(),
    httpAuth: mockServices.httpAuth(),
    permissions: {
      authorize: async reqs =>
        reqs.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
      authorizeConditional: async reqs =>
        reqs.map(() =>
          conditional
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'pulumi',
                resourceType: 'pulumi-stack',
                conditions: pulumiStackConditions.isStackOwner({
                  claims: ['user:default/alice', 'group:default/team-7'],
                }),
              }
            : { result: AuthorizeResult.ALLOW },
        ) as any,
    },
    auditor: {
      createEvent: async () => ({
        success: async () => {},
        fail: async () => {},
      }),
    },
    transformConditions: createConditionTransformer(
      Object.values(pulumiStackPermissionRules),
    ),
  });
  const app = express().use(router);
  const server = app.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const report = (name: string, times: number[]) =>
    console.log(
      `${label.padEnd(10)} ${name.padEnd(44)} p50 ${percentile(
        times,
        50,
      ).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  (${
        times.length
      } requests)`,
    );
  try {
    console.log(`${label.padEnd(10)} seeded ${STACKS} stacks in ${seedMs} ms`);
    await measure(base, '/stacks?limit=50'); // warm-up
    report(
      'GET /stacks?limit=50 (first page)',
      await measure(base, '/stacks?limit=50'),
    );
    report(
      'GET /stacks?q=service-{i}&limit=50',
      await measure(base, '/stacks?q=service-{i}&limit=50'),
    );
    report(
      'GET /stacks?drift=drifted&limit=50',
      await measure(base, '/stacks?drift=drifted&limit=50'),
    );
    for (const sort of [
      'lastUpdate',
      'lastUpdate&order=asc',
      'resourceCount',
      'driftStatus',
      'driftCheckedAt',
    ]) {
      report(
        `GET /stacks?sort=${sort}&limit=50`,
        await measure(base, `/stacks?sort=${sort}&limit=50`),
      );
    }
    const deep = (await (
      await fetch(`${base}/stacks?sort=lastUpdate&limit=500`)
    ).json()) as { nextCursor: string };
    report(
      'GET /stacks?sort=lastUpdate&limit=50&cursor= (page 11)',
      await measure(
        base,
        `/stacks?sort=lastUpdate&limit=50&cursor=${deep.nextCursor}`,
      ),
    );
    report(
      'GET /stacks?owner=team-7&sort=lastUpdate&limit=50',
      await measure(base, '/stacks?owner=team-7&sort=lastUpdate&limit=50'),
    );
    report(
      `GET /drift/stacks (${DRIFTED} drifted)`,
      await measure(base, '/drift/stacks'),
    );
    conditional = true;
    report(
      'GET /stacks?limit=50 (owner-conditional)',
      await measure(base, '/stacks?limit=50'),
    );
    report(
      'GET /drift/stacks (owner-conditional)',
      await measure(base, '/drift/stacks'),
    );
    conditional = false;
    report(
      'GET /stacks/local/service-{i}/prod (detail)',
      await measure(base, '/stacks/local/service-{i}/prod'),
    );
  } finally {
    server.close();
  }
}

async function main() {
  console.log(
    `command: yarn bench (plugins/pulumi-backend/bench/apiLatency.bench.ts), ${STACKS} stacks`,
  );
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  await run('sqlite', sqlite);
  await sqlite.destroy();
  await withPostgresDatabase(async knex => run('postgres', knex));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
