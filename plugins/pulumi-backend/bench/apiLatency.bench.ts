/* eslint-disable no-console */
// Latency of the read routes with 10,000 stacks in the database: `yarn bench` (scripts/bench.sh) runs it.
// The routes run over real HTTP against the plugin's router and stores, on SQLite (in memory, as the demo
// runs) and, when STACKYARD_TEST_POSTGRES_URL names a server, on PostgreSQL.
import knexFactory, { Knex } from 'knex';
import type { PulumiStores } from '../src/database/createStores';
import { percentile, withPostgresDatabase } from './benchUtils';
import { startInProcessBackend } from './inProcessBackend';

const STACKS = 10_000;
const REQUESTS = 400;

/** How many of the stacks have drifted, each with a check of three findings. */
const DRIFTED = 500;

/** The sort orders of the stack list that are measured, each on its first page. */
const SORTS = [
  'lastUpdate',
  'lastUpdate&order=asc',
  'resourceCount',
  'driftStatus',
  'driftCheckedAt',
];

/** The claims of the owner-conditional decision: alice, of team-7. */
const OWNER_CLAIMS = ['user:default/alice', 'group:default/team-7'];

/** A measured route: the label it is printed with and its path (`{i}` becomes a project number). */
type Route = [name: string, path: string];

async function seed({ stacks, runs, drift }: PulumiStores) {
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
          packages: [],
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

/** Measures each route in turn and prints its line: p50 and p95 of its requests. */
async function measureRoutes(label: string, base: string, routes: Route[]) {
  for (const [name, path] of routes) {
    const times = await measure(base, path);
    console.log(
      `${label.padEnd(10)} ${name.padEnd(44)} p50 ${percentile(
        times,
        50,
      ).toFixed(2)} ms  p95 ${percentile(times, 95).toFixed(2)} ms  (${
        times.length
      } requests)`,
    );
  }
}

/** The routes before the deep page: the first page unfiltered, searched, filtered and in every sort. */
const FIRST_PAGES: Route[] = [
  ['GET /stacks?limit=50 (first page)', '/stacks?limit=50'],
  ['GET /stacks?q=service-{i}&limit=50', '/stacks?q=service-{i}&limit=50'],
  ['GET /stacks?drift=drifted&limit=50', '/stacks?drift=drifted&limit=50'],
  ...SORTS.map(
    (sort): Route => [
      `GET /stacks?sort=${sort}&limit=50`,
      `/stacks?sort=${sort}&limit=50`,
    ],
  ),
];

/** The page after the first 500 stacks by last update, the owner filter and the drift list. */
function deeperRoutes(cursor: string): Route[] {
  return [
    [
      'GET /stacks?sort=lastUpdate&limit=50&cursor= (page 11)',
      `/stacks?sort=lastUpdate&limit=50&cursor=${cursor}`,
    ],
    [
      'GET /stacks?owner=team-7&sort=lastUpdate&limit=50',
      '/stacks?owner=team-7&sort=lastUpdate&limit=50',
    ],
    [`GET /drift/stacks (${DRIFTED} drifted)`, '/drift/stacks'],
  ];
}

/** The routes measured while the permission decision is conditional on the stack's owner. */
const OWNER_CONDITIONAL: Route[] = [
  ['GET /stacks?limit=50 (owner-conditional)', '/stacks?limit=50'],
  ['GET /drift/stacks (owner-conditional)', '/drift/stacks'],
];

/** The detail of one stack, measured once the decision is unconditional again. */
const DETAIL: Route[] = [
  [
    'GET /stacks/local/service-{i}/prod (detail)',
    '/stacks/local/service-{i}/prod',
  ],
];

async function run(label: string, knex: Knex) {
  let ownerClaims: string[] | undefined;
  const backend = await startInProcessBackend({
    knex,
    ownerClaims: () => ownerClaims,
  });
  const { base } = backend;
  try {
    const seedStart = Date.now();
    await seed(backend.stores);
    const seedMs = Date.now() - seedStart;
    console.log(`${label.padEnd(10)} seeded ${STACKS} stacks in ${seedMs} ms`);
    await measure(base, '/stacks?limit=50'); // warm-up
    await measureRoutes(label, base, FIRST_PAGES);
    const deep = (await (
      await fetch(`${base}/stacks?sort=lastUpdate&limit=500`)
    ).json()) as { nextCursor: string };
    await measureRoutes(label, base, deeperRoutes(deep.nextCursor));
    ownerClaims = OWNER_CLAIMS;
    await measureRoutes(label, base, OWNER_CONDITIONAL);
    ownerClaims = undefined;
    await measureRoutes(label, base, DETAIL);
  } finally {
    await backend.close();
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
