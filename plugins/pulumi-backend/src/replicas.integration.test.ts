import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import type { JsonObject } from '@backstage/types';
import {
  createTestProject,
  createTestStacks,
  testPostgresUrl,
  waitFor,
} from '@stackyard/plugin-pulumi-node/testUtils';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import {
  pulumiTestBackendFeatures,
  pulumiTestConfig,
} from './__testUtils__/pulumiTestBackend';
import {
  ReplicaProcess,
  startReplicaProcess,
} from './__testUtils__/replicaProcess';
import { pulumiPlugin } from './plugin';

// Two replicas of the plugin, one in a child process and one in this one, share one PostgreSQL database and
// the drift checks of 20 real stacks. The child replica is killed with SIGKILL, engine and all, while it
// holds checks; the other one must finish every stack, and no stack may be checked twice in the period.
// Without a PostgreSQL server this is skipped, unless STACKYARD_TEST_STRICT is set (scripts/test.sh sets
// it, and starts one).
jest.setTimeout(600_000);

const adminUrl = testPostgresUrl();
const describeWithPostgres =
  adminUrl || process.env.STACKYARD_TEST_STRICT ? describe : describe.skip;

const STACKS = 20;

describeWithPostgres('two replicas sharing one PostgreSQL database', () => {
  const prefix = `stackyard_replicas_${randomBytes(4).toString('hex')}_`;
  let created: Awaited<ReturnType<typeof createTestStacks>>;
  let replicaA: ReplicaProcess | undefined;
  let replicaB: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let db: Knex;

  afterAll(async () => {
    await replicaB?.stop();
    await replicaA?.kill();
    await db?.destroy();
    const admin = knexFactory({ client: 'pg', connection: adminUrl! });
    await admin.raw(`DROP DATABASE IF EXISTS "${prefix}pulumi" WITH (FORCE)`);
    await admin.destroy();
    await created?.dispose();
  });

  it('checks every stack exactly once in the period, even when one replica dies mid-check', async () => {
    const projectDir = await createTestProject();
    created = await createTestStacks({
      stacks: Array.from({ length: STACKS }, (_, i) => ({
        project: 'files',
        stack: `s${String(i).padStart(2, '0')}`,
        projectDir,
        secretConfig: { apiKey: 'replica-test-secret' },
      })),
      concurrency: 2,
    });

    const backendConfig: JsonObject = {
      database: { client: 'pg', connection: adminUrl!, prefix },
    };
    // The heartbeat beats every second. A lease of 15 s lets a replica's event loop stall for many beats on a
    // loaded machine without losing its checks (with 3 s, CI saw A's checks taken from it while it lived),
    // and still lets B take A's checks back soon after A dies.
    const pulumi: JsonObject = {
      runs: { concurrency: 2, leaseSeconds: 15, pollSeconds: 1 },
      drift: { interval: { hours: 1 }, poll: { seconds: 1 } },
    };
    const url = new URL(adminUrl!);
    url.pathname = `/${prefix}pulumi`;
    db = knexFactory({
      client: 'pg',
      connection: url.toString(),
      // Until replica A creates the database, connecting fails, and `until` asks again.
      log: { error: () => {}, warn: () => {} },
    });

    // Replica A alone first. Reading a file takes ten minutes in its engine processes (a variable that its
    // config gives them), so that its checks are still in flight, whatever the timing, when it is killed.
    replicaA = await startReplicaProcess({
      config: {
        backend: backendConfig,
        pulumi: pulumiTestConfig({
          backend: created.backend,
          projectDir,
          pulumi,
          backendEnv: { STACKYARD_TEST_READ_DELAY_MS: String(10 * 60 * 1000) },
        }),
      },
    });
    const runsOfA = await waitFor(
      'replica A to start two checks',
      () =>
        db('pulumi_runs')
          .where({ status: 'running', kind: 'drift-check' })
          .select('id', 'lease_owner'),
      rows => {
        if (!replicaA!.running()) throw new Error('replica A exited');
        return rows.length === 2;
      },
      { timeoutMs: 240_000, retryErrors: true, intervalMs: 100 },
    ).catch(async error => {
      throw new Error(`${error.message}\n${await replicaA!.log()}`);
    });
    const ownerA = runsOfA[0].lease_owner;
    expect(runsOfA.every(r => r.lease_owner === ownerA)).toBe(true);

    // Replica B joins, in this process; its engine reads files at once.
    replicaB = await startTestBackend({
      features: [
        pulumiPlugin,
        databaseServiceFactory,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
        ...pulumiTestBackendFeatures({
          backend: created.backend,
          projectDir,
          pulumi,
          config: { backend: backendConfig },
        }),
      ],
    });
    await waitFor(
      'replica B to take checks from the queue',
      () =>
        db('pulumi_runs')
          .where({ status: 'running', kind: 'drift-check' })
          .whereNot({ lease_owner: ownerA })
          .count({ n: '*' })
          .first(),
      row => Number(row?.n) > 0,
      { retryErrors: true, intervalMs: 100 },
    );

    // A dies with its two checks in flight: no shutdown, no clean-up, its engine processes gone with it.
    const inFlight = await db('pulumi_runs')
      .where({ status: 'running', lease_owner: ownerA })
      .pluck('id');
    expect(inFlight.sort()).toEqual(runsOfA.map(r => r.id).sort());
    await replicaA.kill();

    // B finishes every stack, A's two included once their leases run out.
    await waitFor(
      'a drift check of every stack',
      () =>
        db('pulumi_drift_checks')
          .count({ n: '*' })
          .first()
          .then(row => Number(row?.n)),
      n => n >= STACKS,
      { retryErrors: true, intervalMs: 100 },
    );
    // Let both schedulers' polls pass again, so that a second check in the period would show.
    await new Promise(r => setTimeout(r, 3000));

    const runs = await db('pulumi_runs')
      .where({ kind: 'drift-check' })
      .select('id', 'stack_ref', 'status', 'attempts', 'lease_owner');
    expect(runs).toHaveLength(STACKS);
    expect(new Set(runs.map(r => r.stack_ref)).size).toBe(STACKS);
    expect(runs.every(r => r.status === 'succeeded')).toBe(true);
    // A's two checks were taken back from the dead replica and run again, once.
    const retried = runs.filter(r => inFlight.includes(r.id));
    expect(retried.map(r => Number(r.attempts))).toEqual([1, 1]);
    expect(
      runs
        .filter(r => !inFlight.includes(r.id))
        .every(r => Number(r.attempts) === 0),
    ).toBe(true);

    const checks = await db('pulumi_drift_checks').select(
      'stack_ref',
      'status',
    );
    expect(checks).toHaveLength(STACKS);
    expect(new Set(checks.map(c => c.stack_ref)).size).toBe(STACKS);
    expect(checks.every(c => c.status === 'in_sync')).toBe(true);

    // Each stack's next turn is a period away: claimed once, by one replica.
    const soonest = await db('pulumi_stacks')
      .min({ at: 'drift_next_check_at' })
      .first();
    expect(new Date(soonest!.at).getTime()).toBeGreaterThan(
      Date.now() + 55 * 60 * 1000,
    );
  });
});
