/* eslint-disable no-console */
// A fleet of stacks written straight into the plugin's database, for benchmarks that need a running backend
// with many stacks: packages/app/bench/firstPaint.bench.ts runs it against the SQLite file of the app it
// starts, once the backend has created its tables.
//
//   node --require @backstage/cli/config/nodeTransform.cjs plugins/pulumi-backend/bench/seedFleet.ts \
//     <pulumi.sqlite> [stacks]
//
// The rows go under a backend id that is not in `pulumi.backends`: the sync only replaces the stacks of the
// configured backends, so it leaves them alone. Their next drift check is far in the future, so that the
// scheduler never queues checks of a backend it cannot reach, and their owner comes from the owner tag,
// which the catalog's link sync keeps. The same seed always writes the same fleet.
import knexFactory, { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { random } from './benchUtils';

/** The backend id of the seeded stacks. */
export const FLEET_BACKEND_ID = 'bench';

/** What {@link seedFleet} wrote, for the benchmark's report. */
export interface FleetSummary {
  stacks: number;
  byStatus: Record<'in_sync' | 'drifted' | 'error' | 'unknown', number>;
  checks: number;
  findings: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const NEVER = '2999-01-01T00:00:00.000Z';
const SCHEDULER = 'stackyard:drift-scheduler';

const DOMAINS = [
  'payments',
  'checkout',
  'search',
  'inventory',
  'identity',
  'billing',
  'shipping',
  'catalog',
  'notifications',
  'analytics',
];
const ENVIRONMENTS = ['dev', 'staging', 'prod', 'qa'];
/** The demo's groups (examples/org.yaml), with the share of stacks each owns; the rest have no owner. */
const OWNERS: Array<[string, number]> = [
  ['group:default/platform-team', 0.4],
  ['group:default/payments-team', 0.3],
  ['group:default/guests', 0.2],
];
const RESOURCE_TYPES = [
  'aws:s3/bucket:Bucket',
  'aws:ec2/securityGroup:SecurityGroup',
  'aws:iam/role:Role',
  'kubernetes:apps/v1:Deployment',
  'pulumi-nodejs:dynamic/stackyard:LocalFile',
];
const PROPERTIES = ['tags.team', 'ingress', 'content', 'replicas', 'policy'];

type Row = Record<string, unknown>;
type Status = keyof FleetSummary['byStatus'];

/** A stack of the fleet, as its runs and checks name it. */
interface FleetStack {
  ref: string;
  project: string;
  stack: string;
}

/** The rows of a seed, table by table, and what it draws its numbers and times from. */
interface Seeding {
  now: Date;
  next: () => number;
  stacks: Row[];
  runs: Row[];
  checks: Row[];
  findings: Row[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The time `days` days before the seed's `now`, in ms. */
const ago = (seeding: Seeding, days: number) =>
  seeding.now.getTime() - days * DAY_MS;

async function insertAll(tx: Knex, table: string, rows: object[]) {
  // SQLite allows 32,766 variables a statement; 100 rows of under 20 columns stay well below it.
  for (let i = 0; i < rows.length; i += 100) {
    await tx(table).insert(rows.slice(i, i + 100));
  }
}

/** The run of a drift check that ended at `at`. */
function runRow(
  id: string,
  stack: FleetStack,
  status: 'in_sync' | 'drifted' | 'error',
  at: number,
  resources: number,
): Row {
  return {
    id,
    stack_ref: stack.ref,
    backend_id: FLEET_BACKEND_ID,
    project: stack.project,
    stack: stack.stack,
    kind: 'drift-check',
    status: status === 'error' ? 'failed' : 'succeeded',
    requested_by: SCHEDULER,
    options: '{}',
    resources_done: resources,
    resources_total: resources,
    error: status === 'error' ? 'the engine could not read the stack' : null,
    created_at: iso(at - 40_000),
    started_at: iso(at - 30_000),
    finished_at: iso(at),
    attempts: 0,
  };
}

/** Adds `found` findings of the drifted check `runId`: resources changed or deleted outside Pulumi. */
function addFindings(
  seeding: Seeding,
  stack: FleetStack,
  runId: string,
  found: number,
  at: number,
) {
  const { next } = seeding;
  for (let ordinal = 0; ordinal < found; ordinal++) {
    const type = RESOURCE_TYPES[Math.floor(next() * RESOURCE_TYPES.length)];
    const name = `${type.split(':').pop()!.toLowerCase()}-${ordinal}`;
    seeding.findings.push({
      run_id: runId,
      ordinal,
      stack_ref: stack.ref,
      urn: `urn:pulumi:${stack.stack}::${stack.project}::${type}::${name}`,
      type,
      name,
      kind: next() < 0.9 ? 'changed' : 'deleted',
      source: 'outside',
      operation: null,
      properties: JSON.stringify([
        {
          path: PROPERTIES[Math.floor(next() * PROPERTIES.length)],
          expected: 'as deployed',
          actual: 'edited by hand',
        },
      ]),
      ignored: false,
      ignored_by: null,
      checked_at: iso(at),
    });
  }
}

/** Adds a drift check of `stack` that ended at `at` with `status`: its run, findings and check. */
function addCheck(
  seeding: Seeding,
  stack: FleetStack,
  status: 'in_sync' | 'drifted' | 'error',
  at: number,
  resources: number,
) {
  const id = randomUUID();
  seeding.runs.push(runRow(id, stack, status, at, resources));
  const found =
    status === 'drifted'
      ? 1 + Math.floor(seeding.next() * Math.min(4, resources))
      : 0;
  addFindings(seeding, stack, id, found, at);
  seeding.checks.push({
    run_id: id,
    stack_ref: stack.ref,
    kind: 'drift-check',
    status,
    requested_by: SCHEDULER,
    checked_at: iso(at),
    findings: found,
    ignored: 0,
    error: status === 'error' ? 'the engine could not read the stack' : null,
  });
}

/** One of the demo's groups by their shares, or none. */
function pickOwner(next: () => number): string | null {
  let share = next();
  for (const [group, weight] of OWNERS) {
    if (share < weight) return group;
    share -= weight;
  }
  return null;
}

/**
 * Adds the drift checks of one stack, by a roll of the dice: drifted since some days with a daily check,
 * failing its check, in sync (a few after a resolved drift episode) or never checked. Returns its drift
 * status and when it was last checked.
 */
function addCheckHistory(
  seeding: Seeding,
  stack: FleetStack,
  resources: number,
): { status: Status; checkedAt: number | null } {
  const { next } = seeding;
  const roll = next();
  let checkedAt: number | null = null;
  if (roll < 0.03) {
    const since = 1 + Math.floor(next() * 20);
    addCheck(
      seeding,
      stack,
      'in_sync',
      ago(seeding, since + 1 + next()),
      resources,
    );
    for (let day = since; day >= 0; day--) {
      checkedAt = ago(seeding, day + next() * 0.5);
      addCheck(seeding, stack, 'drifted', checkedAt, resources);
    }
    return { status: 'drifted', checkedAt };
  }
  if (roll < 0.035) {
    checkedAt = ago(seeding, next() * 2);
    addCheck(seeding, stack, 'error', checkedAt, resources);
    return { status: 'error', checkedAt };
  }
  if (roll < 0.735) {
    if (roll < 0.055) {
      // A drift episode that someone resolved: drifted for a few days, then in sync again.
      const from = 5 + Math.floor(next() * 20);
      const days = 1 + Math.floor(next() * 4);
      for (let day = from; day > from - days; day--) {
        addCheck(seeding, stack, 'drifted', ago(seeding, day), resources);
      }
    }
    checkedAt = ago(seeding, next() * 3);
    addCheck(seeding, stack, 'in_sync', checkedAt, resources);
    return { status: 'in_sync', checkedAt };
  }
  return { status: 'unknown', checkedAt };
}

/** Adds the `i`-th stack of the fleet with its checks; returns its drift status. */
function addStack(seeding: Seeding, i: number): Status {
  const { next } = seeding;
  const project = `${DOMAINS[i % DOMAINS.length]}-${String(
    Math.floor(i / (DOMAINS.length * ENVIRONMENTS.length)),
  ).padStart(4, '0')}`;
  const env = ENVIRONMENTS[Math.floor(i / DOMAINS.length) % 4];
  const ref = `${FLEET_BACKEND_ID}:organization/${project}/${env}`;
  const stack = { ref, project, stack: env };
  // Most stacks are small, a few are large.
  const resources = Math.max(1, Math.round(Math.exp(next() * 6)));
  const lastUpdate = ago(seeding, next() * 180);
  const owner = pickOwner(next);
  const { status, checkedAt } = addCheckHistory(seeding, stack, resources);
  seeding.stacks.push({
    stack_ref: ref,
    backend_id: FLEET_BACKEND_ID,
    organization: 'organization',
    project,
    stack: env,
    last_update_time: iso(lastUpdate),
    last_update_result: next() < 0.95 ? 'succeeded' : 'failed',
    last_update_kind: 'update',
    resource_count: resources,
    outputs: JSON.stringify({ url: `https://${project}-${env}.example` }),
    drift_status: status,
    drift_checked_at: checkedAt === null ? null : iso(checkedAt),
    drift_next_check_at: NEVER,
    details_synced_for: iso(lastUpdate),
    synced_at: iso(seeding.now.getTime()),
    owner,
    owner_tag: owner,
  });
  return status;
}

/** Replaces the stacks of an earlier seed (and their runs, checks and findings) with these rows. */
async function writeFleet(knex: Knex, seeding: Seeding) {
  await knex.transaction(async tx => {
    const old = tx('pulumi_stacks')
      .select('stack_ref')
      .where({ backend_id: FLEET_BACKEND_ID });
    await tx('pulumi_drift_findings').whereIn('stack_ref', old).delete();
    await tx('pulumi_drift_checks').whereIn('stack_ref', old).delete();
    await tx('pulumi_runs').where({ backend_id: FLEET_BACKEND_ID }).delete();
    await tx('pulumi_stacks').where({ backend_id: FLEET_BACKEND_ID }).delete();
    await insertAll(tx, 'pulumi_stacks', seeding.stacks);
    await insertAll(tx, 'pulumi_runs', seeding.runs);
    await insertAll(tx, 'pulumi_drift_checks', seeding.checks);
    await insertAll(tx, 'pulumi_drift_findings', seeding.findings);
  });
}

/**
 * Writes `stacks` stacks of the {@link FLEET_BACKEND_ID} backend, replacing any from an earlier seed: about
 * 3% drifted with findings and a daily check since they drifted, 0.5% failing their check, 70% in sync
 * (2% of them after a resolved drift episode) and the rest never checked; owned by the demo's groups, with
 * varied resource counts and update times over the last half year.
 */
export async function seedFleet(
  knex: Knex,
  options: { stacks: number; now?: Date; seed?: number },
): Promise<FleetSummary> {
  const seeding: Seeding = {
    now: options.now ?? new Date(),
    next: random(options.seed ?? 42),
    stacks: [],
    runs: [],
    checks: [],
    findings: [],
  };
  const byStatus: FleetSummary['byStatus'] = {
    in_sync: 0,
    drifted: 0,
    error: 0,
    unknown: 0,
  };
  for (let i = 0; i < options.stacks; i++) {
    byStatus[addStack(seeding, i)] += 1;
  }
  await writeFleet(knex, seeding);
  return {
    stacks: seeding.stacks.length,
    byStatus,
    checks: seeding.checks.length,
    findings: seeding.findings.length,
  };
}

async function main() {
  const [filename, count] = process.argv.slice(2);
  if (!filename) {
    throw new Error('usage: seedFleet.ts <pulumi.sqlite> [stacks]');
  }
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
  });
  try {
    const start = Date.now();
    const summary = await seedFleet(knex, { stacks: Number(count ?? 10_000) });
    // The last line is the summary as JSON, for the benchmark that started this script.
    console.log(JSON.stringify({ ...summary, ms: Date.now() - start }));
  } finally {
    await knex.destroy();
  }
}

if (require.main === module) {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}
