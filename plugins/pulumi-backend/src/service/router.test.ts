import type { PulumiHealth } from '@stackyard/plugin-pulumi-common';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { createConditionTransformer } from '@backstage/plugin-permission-node';
import type { PulumiDriftFinding } from '@stackyard/plugin-pulumi-common';
import {
  pulumiStackConditions,
  pulumiStackPermissionRules,
} from '@stackyard/plugin-pulumi-node';
import express from 'express';
import request from 'supertest';
import { createTestStores } from '../database/__testUtils__/testStores';
import { ApprovalService } from '../approvals/ApprovalService';
import { RunQueue } from '../runs/RunQueue';
import { PackageRegistry } from '../registry/PackageRegistry';
import { createRouter } from './router';

// The router on its own, over real stores on SQLite, with the engine left out: these tests cover the
// HTTP contract (validation, permissions, paging, the event stream). plugin.test.ts covers the same
// routes end to end through the real engine.

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

type Decide = (name: string, resourceRef?: string) => AuthorizeResult;

async function setup(
  options: {
    decide?: Decide;
    conditions?: PermissionCriteria<PermissionCondition>;
  } = {},
) {
  const { knex, stacks, runs, drift, ttls, registry } = await createTestStores(
    databases,
    'SQLITE_3',
  );
  await stacks.replaceBackendStacks(
    'local',
    ['website', 'api'].flatMap(project =>
      ['dev', 'prod'].map(stack => ({
        backendId: 'local',
        organization: 'organization',
        project,
        stack,
        lastUpdate: '2026-11-20T10:00:00.000Z',
        resourceCount: 2,
      })),
    ),
  );
  await stacks.saveStackDetails('local:organization/website/dev', {
    state: {
      outputs: { url: 'http://x', token: '[secret]' },
      stackReferences: [],
      packages: [],
      resources: [
        {
          urn: 'urn:pulumi:dev::website::pulumi:pulumi:Stack::website-dev',
          type: 'pulumi:pulumi:Stack',
          name: 'website-dev',
          custom: false,
        },
      ],
    },
    history: [],
  });
  await stacks.replaceLinks([
    {
      stackRef: 'local:organization/website/dev',
      entityRef: 'component:default/website',
      ownerRef: 'group:default/web-team',
    },
  ]);

  const decide = options.decide ?? (() => AuthorizeResult.ALLOW);
  const permissions: PermissionsService = {
    async authorize(requests) {
      return requests.map(r => ({
        result: decide(
          r.permission.name,
          'resourceRef' in r ? r.resourceRef : undefined,
        ),
      })) as any;
    },
    async authorizeConditional(requests) {
      return requests.map(r =>
        options.conditions
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'pulumi',
              resourceType: 'pulumi-stack',
              conditions: options.conditions,
            }
          : { result: decide(r.permission.name) },
      ) as any;
    },
  };
  const onRunQueued = jest.fn();
  const auditor = mockServices.auditor.mock();
  const health = (): PulumiHealth => ({
    status: 'ok',
    engine: { version: '3.259.0' },
    backends: ['local'],
  });
  const router = await createRouter({
    health,
    backendIds: () => ['local'],
    stacks,
    runs,
    queue: new RunQueue({ runs, health, onRunQueued }),
    approvals: new ApprovalService({
      runs,
      logger: mockServices.logger.mock(),
      auditor,
      ownersOf: async () => [],
      onApproved: onRunQueued,
      expiresAfterMs: 60_000,
    }),
    ttls,
    registry: new PackageRegistry({ store: registry, minimumVersions: {} }),
    ttl: () => undefined,
    onRunCancelRequested: jest.fn(),
    drift,
    driftRules: () => drift.listRules(),
    hasProgram: stack => stack.project === 'website',
    manualCheckIntervalMs: 60_000,
    config: mockServices.rootConfig(),
    logger: mockServices.logger.mock(),
    auth: mockServices.auth(),
    httpAuth: mockServices.httpAuth(),
    permissions,
    auditor,
    transformConditions: createConditionTransformer(
      Object.values(pulumiStackPermissionRules),
    ),
  });
  const app = express().use(router);
  return { app, stacks, runs, drift, onRunQueued, auditor, knex };
}

describe('createRouter', () => {
  it('lists stacks with filters and cursor paging', async () => {
    const { app } = await setup();
    const first = await request(app).get('/stacks?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items.map((s: any) => s.ref)).toEqual([
      'local:organization/api/dev',
      'local:organization/api/prod',
      'local:organization/website/dev',
    ]);
    const second = await request(app).get(
      `/stacks?limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((s: any) => s.ref)).toEqual([
      'local:organization/website/prod',
    ]);
    expect(second.body.nextCursor).toBeUndefined();

    const linked = await request(app).get(
      '/stacks?entityRef=component:default/website',
    );
    expect(linked.body.items).toEqual([
      expect.objectContaining({
        ref: 'local:organization/website/dev',
        entityRefs: ['component:default/website'],
      }),
    ]);
    const found = await request(app).get('/stacks?q=PRO&project=api');
    expect(found.body.items.map((s: any) => s.stack)).toEqual(['prod']);
  });

  it('sorts the list, filters it by owner, and refuses a cursor made for another sort', async () => {
    const { app, stacks } = await setup();
    await stacks.setOwnerTags('local', {
      'local:organization/api/prod': 'group:default/platform',
    });

    const byOwner = await request(app).get('/stacks?owner=web-team');
    expect(byOwner.status).toBe(200);
    expect(byOwner.body.items).toEqual([
      expect.objectContaining({
        ref: 'local:organization/website/dev',
        owner: 'group:default/web-team',
      }),
    ]);
    const tagged = await request(app).get(
      '/stacks?owner=Group:Default/Platform',
    );
    expect(tagged.body.items.map((s: any) => s.ref)).toEqual([
      'local:organization/api/prod',
    ]);
    const detail = await request(app).get('/stacks/local/api/prod');
    expect(detail.body.owner).toBe('group:default/platform');
    const unowned = await request(app).get('/stacks/local/api/dev');
    expect(unowned.body).not.toHaveProperty('owner');

    // website/dev has one resource, the others two: ascending puts it first, then the ref breaks ties.
    const first = await request(app).get(
      '/stacks?sort=resourceCount&order=asc&limit=2',
    );
    expect(first.body.items.map((s: any) => s.ref)).toEqual([
      'local:organization/website/dev',
      'local:organization/api/dev',
    ]);
    const second = await request(app).get(
      `/stacks?sort=resourceCount&order=asc&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((s: any) => s.ref)).toEqual([
      'local:organization/api/prod',
      'local:organization/website/prod',
    ]);
    expect(second.body.nextCursor).toBeUndefined();
    const descending = await request(app).get('/stacks?sort=resourceCount');
    expect(descending.body.items.map((s: any) => s.ref)).toEqual([
      'local:organization/api/dev',
      'local:organization/api/prod',
      'local:organization/website/prod',
      'local:organization/website/dev',
    ]);

    const mismatch = await request(app).get(
      `/stacks?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.name).toBe('InputError');
    expect(mismatch.body.error.message).toContain('cursor');
  });

  it('serves a stack, its outputs, resources and history from the database', async () => {
    const { app } = await setup();
    const detail = await request(app).get('/stacks/local/website/dev');
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      ref: 'local:organization/website/dev',
      project: 'website',
      stack: 'dev',
      resourceCount: 1,
      outputs: { url: 'http://x', token: '[secret]' },
      stackReferences: [],
    });
    expect(
      (await request(app).get('/stacks/local/website/dev/outputs')).body,
    ).toEqual({ outputs: { url: 'http://x', token: '[secret]' } });
    expect(
      (await request(app).get('/stacks/local/website/dev/resources')).body
        .items,
    ).toHaveLength(1);
    expect(
      (await request(app).get('/stacks/local/website/dev/history')).body,
    ).toEqual({ items: [] });
    expect((await request(app).get('/stacks/local/website/qa')).status).toBe(
      404,
    );
  });

  it('filters the list by the conditions of a conditional decision', async () => {
    const { app } = await setup({
      conditions: pulumiStackConditions.isStackOwner({
        claims: ['group:default/web-team'],
      }),
    });
    const res = await request(app).get('/stacks');
    expect(res.body.items.map((s: any) => s.ref)).toEqual([
      'local:organization/website/dev',
    ]);
  });

  it('returns no stacks when reading is denied, and 403 for one stack', async () => {
    const { app } = await setup({ decide: () => AuthorizeResult.DENY });
    expect((await request(app).get('/stacks')).body).toEqual({ items: [] });
    const one = await request(app).get('/stacks/local/website/dev');
    expect(one.status).toBe(403);
    expect(one.body.error.message).toContain('pulumi.stack.read');
  });

  it("reuses a caller's read decision for the page's other requests, never a change", async () => {
    const decide = jest.fn((_name: string) => AuthorizeResult.ALLOW);
    const { app } = await setup({ decide });
    const as = (user: string) => ({
      authorization: mockCredentials.user.header(user),
    });
    const reads = () =>
      decide.mock.calls.filter(([n]) => n === 'pulumi.stack.read');
    const stack = '/stacks/local/website/dev';
    for (const path of [
      '/stacks',
      stack,
      `${stack}/history`,
      `${stack}/runs`,
    ]) {
      expect(
        (await request(app).get(path).set(as('user:default/a'))).status,
      ).toBe(200);
    }
    await request(app).get('/stacks/local/api/dev').set(as('user:default/a'));
    expect(reads()).toHaveLength(1);
    await request(app).get(stack).set(as('user:default/b'));
    expect(reads()).toHaveLength(2);
    // Without a bearer token, every request asks.
    await request(app).get(stack);
    await request(app).get(stack);
    expect(reads()).toHaveLength(4);

    const operate = () =>
      request(app)
        .post(`${stack}/runs`)
        .set(as('user:default/a'))
        .send({ kind: 'preview' });
    await operate();
    await operate();
    expect(
      decide.mock.calls.filter(([n]) => n === 'pulumi.stack.operate'),
    ).toHaveLength(2);
  });

  it('applies a conditional read decision to one stack as to the list: 403 for a stack it leaves out', async () => {
    const { app } = await setup({
      conditions: pulumiStackConditions.isStackOwner({
        claims: ['group:default/web-team'],
      }),
    });
    expect((await request(app).get('/stacks/local/website/dev')).status).toBe(
      200,
    );
    expect(
      (await request(app).get('/stacks/local/website/dev/history')).status,
    ).toBe(200);
    const other = await request(app).get('/stacks/local/api/dev/runs');
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain('pulumi.stack.read');
    expect((await request(app).get('/stacks/local/api/nope')).status).toBe(404);
  });

  it('refuses a run when operating is denied, and queues nothing', async () => {
    const { app, runs, onRunQueued, auditor } = await setup({
      decide: name =>
        name === 'pulumi.stack.operate'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    const res = await request(app)
      .post('/stacks/local/website/dev/runs')
      .send({ kind: 'up' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('pulumi.stack.operate');
    expect(await runs.listRuns('local:organization/website/dev', 10)).toEqual(
      [],
    );
    expect(onRunQueued).not.toHaveBeenCalled();
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'run-create' }),
    );
  });

  it('queues a run, refuses a second mutating run with 409 naming the first, and cancels', async () => {
    const { app, onRunQueued } = await setup();
    const first = await request(app)
      .post('/stacks/local/website/dev/runs')
      .send({ kind: 'up' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      kind: 'up',
      status: 'queued',
      requestedBy: 'user:default/mock',
    });
    expect(onRunQueued).toHaveBeenCalledTimes(1);

    const second = await request(app)
      .post('/stacks/local/website/dev/runs')
      .send({ kind: 'destroy' });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(first.body.id);

    const preview = await request(app)
      .post('/stacks/local/website/dev/runs')
      .send({ kind: 'preview' });
    expect(preview.status).toBe(201);

    const cancel = await request(app).post(`/runs/${first.body.id}/cancel`);
    expect(cancel.status).toBe(202);
    expect(cancel.body.status).toBe('cancelled');
    const list = await request(app).get('/stacks/local/website/dev/runs');
    expect(list.body.items.map((r: any) => r.status)).toEqual([
      'queued',
      'cancelled',
    ]);
  });

  it('streams a run as server-sent events, resumable by Last-Event-ID', async () => {
    const { app, runs } = await setup();
    const created = await request(app)
      .post('/stacks/local/website/dev/runs')
      .send({ kind: 'refresh' });
    const run = await runs.claimNextRun('worker', 30_000);
    await runs.appendEvents(run!.id, [
      {
        type: 'engine',
        payload: { sequence: 1, preludeEvent: { config: {} } },
      },
      { type: 'progress', payload: { done: 1, total: 1 } },
    ]);
    await runs.finishRun(run!.id, { status: 'succeeded', changeSummary: {} });

    const whole = await request(app)
      .get(`/runs/${created.body.id}/events/stream`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
    expect(whole.status).toBe(200);
    expect(whole.headers['content-type']).toContain('text/event-stream');
    const ids = [...(whole.body as string).matchAll(/^id: (\d+)$/gm)].map(
      m => m[1],
    );
    const types = [...(whole.body as string).matchAll(/^event: (\w+)$/gm)].map(
      m => m[1],
    );
    expect(ids).toEqual(['1', '2', '3', '4', '5']);
    expect(types).toEqual([
      'status',
      'status',
      'engine',
      'progress',
      'status',
      'end',
    ]);

    const resumed = await request(app)
      .get(`/runs/${created.body.id}/events/stream`)
      .set('Last-Event-ID', '3')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
    expect(
      [...(resumed.body as string).matchAll(/^id: (\d+)$/gm)].map(m => m[1]),
    ).toEqual(['4', '5']);

    const json = await request(app).get(
      `/runs/${created.body.id}/events?after=4`,
    );
    expect(json.body.items).toEqual([
      expect.objectContaining({ seq: 5, type: 'status' }),
    ]);
  });

  describe('drift', () => {
    it('serves the latest report and the check history', async () => {
      const { app, runs, drift } = await setup();
      const run = await runs.createRun({
        stackRef: 'local:organization/website/dev',
        backendId: 'local',
        project: 'website',
        stack: 'dev',
        kind: 'drift-check',
        requestedBy: 'stackyard:drift-scheduler',
      });
      await drift.recordCheck({
        runId: run.id,
        stackRef: 'local:organization/website/dev',
        kind: 'drift-check',
        status: 'drifted',
        requestedBy: run.requestedBy,
        checkedAt: new Date().toISOString(),
        findings: [
          {
            urn: 'urn:pulumi:dev::website::stackyard:LocalFile::index',
            type: 'stackyard:LocalFile',
            name: 'index',
            kind: 'changed',
            source: 'outside',
            properties: [{ path: 'content', expected: 'a', actual: 'b' }],
            ignored: false,
          },
        ],
      });
      const report = await request(app).get('/stacks/local/website/dev/drift');
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({
        status: 'drifted',
        lastCheck: { runId: run.id, findings: 1 },
        changedSinceLastCheck: {
          newlyDrifted: ['urn:pulumi:dev::website::stackyard:LocalFile::index'],
          resolved: [],
        },
      });
      const checks = await request(app).get(
        '/stacks/local/website/dev/drift/checks?limit=5',
      );
      expect(checks.body.items).toHaveLength(1);
      const summary = await request(app).get('/drift/summary?days=7');
      expect(summary.body.counts.drifted).toBe(1);
    });

    /** website/dev drifted first, api/dev later; api/prod is in sync; website/prod was never checked. */
    async function setupChecks(options: Parameters<typeof setup>[0] = {}) {
      const context = await setup(options);
      const { runs, drift } = context;
      const record = async (
        project: string,
        stack: string,
        status: 'in_sync' | 'drifted',
        checkedAt: string,
        findings: PulumiDriftFinding[] = [],
      ) => {
        const stackRef = `local:organization/${project}/${stack}`;
        const run = await runs.createRun({
          stackRef,
          backendId: 'local',
          project,
          stack,
          kind: 'drift-check',
          requestedBy: 'stackyard:drift-scheduler',
        });
        await drift.recordCheck({
          runId: run.id,
          stackRef,
          kind: 'drift-check',
          status,
          requestedBy: run.requestedBy,
          checkedAt,
          findings,
        });
      };
      const fileFinding = (name: string, ignored = false) => ({
        urn: `urn:pulumi:dev::website::stackyard:LocalFile::${name}`,
        type: 'stackyard:LocalFile',
        name,
        kind: 'changed' as const,
        source: 'outside' as const,
        properties: [{ path: 'content', expected: 'a', actual: 'b' }],
        ignored,
        ...(ignored ? { ignoredBy: 'config-0' } : {}),
      });
      await record('website', 'dev', 'drifted', '2026-11-20T10:00:00.000Z', [
        fileFinding('index'),
        fileFinding('about', true),
      ]);
      await record('api', 'dev', 'drifted', '2026-11-21T10:00:00.000Z', [
        fileFinding('api'),
      ]);
      await record('api', 'prod', 'in_sync', '2026-11-21T11:00:00.000Z');
      return { ...context, fileFinding };
    }

    it('lists drifted stacks, latest check first, with the findings no rule ignores', async () => {
      const { app, fileFinding } = await setupChecks();
      const res = await request(app).get('/drift/stacks');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [
          {
            stack: expect.objectContaining({
              ref: 'local:organization/api/dev',
              driftStatus: 'drifted',
              driftCheckedAt: '2026-11-21T10:00:00.000Z',
            }),
            findings: [fileFinding('api')],
          },
          {
            stack: expect.objectContaining({
              ref: 'local:organization/website/dev',
              owner: 'group:default/web-team',
              entityRefs: ['component:default/website'],
            }),
            findings: [fileFinding('index')],
          },
        ],
      });

      const first = await request(app).get('/drift/stacks?limit=1');
      expect(first.body.items.map((i: any) => i.stack.ref)).toEqual([
        'local:organization/api/dev',
      ]);
      const second = await request(app).get(
        `/drift/stacks?limit=1&cursor=${first.body.nextCursor}`,
      );
      expect(second.body.items.map((i: any) => i.stack.ref)).toEqual([
        'local:organization/website/dev',
      ]);
      expect(second.body.nextCursor).toBeUndefined();

      const owned = await request(app).get(
        '/drift/stacks?owner=group:default/web-team',
      );
      expect(owned.body.items.map((i: any) => i.stack.ref)).toEqual([
        'local:organization/website/dev',
      ]);
    });

    it('lists only the drifted stacks the caller may read', async () => {
      const conditional = await setupChecks({
        conditions: pulumiStackConditions.isStackOwner({
          claims: ['group:default/web-team'],
        }),
      });
      const res = await request(conditional.app).get('/drift/stacks');
      expect(res.body.items.map((i: any) => i.stack.ref)).toEqual([
        'local:organization/website/dev',
      ]);
      const summary = await request(conditional.app).get('/drift/summary');
      expect(summary.body.counts).toEqual({
        in_sync: 0,
        unknown: 0,
        error: 0,
        drifted: 1,
      });

      const denied = await setupChecks({ decide: () => AuthorizeResult.DENY });
      expect((await request(denied.app).get('/drift/stacks')).body).toEqual({
        items: [],
      });
    });

    it("restricts the summary to one owner's stacks", async () => {
      const { app, stacks } = await setupChecks();
      const all = await request(app).get('/drift/summary?days=7');
      expect(all.body.counts).toEqual({
        in_sync: 1,
        unknown: 1,
        error: 0,
        drifted: 2,
      });
      const owned = await request(app).get('/drift/summary?owner=web-team');
      expect(owned.status).toBe(200);
      expect(owned.body.counts).toEqual({
        in_sync: 0,
        unknown: 0,
        error: 0,
        drifted: 1,
      });

      await stacks.setOwnerTags('local', {
        'local:organization/api/dev': 'group:default/platform',
        'local:organization/api/prod': 'group:default/platform',
      });
      const platform = await request(app).get(
        '/drift/summary?owner=group:default/platform',
      );
      expect(platform.body.counts).toEqual({
        in_sync: 1,
        unknown: 0,
        error: 0,
        drifted: 1,
      });
      const nobody = await request(app).get('/drift/summary?owner=nobody');
      expect(nobody.body.counts).toEqual({
        in_sync: 0,
        unknown: 0,
        error: 0,
        drifted: 0,
      });
    });

    it('queues a manual check, then rate-limits the stack with 429', async () => {
      const { app, onRunQueued } = await setup();
      const first = await request(app)
        .post('/stacks/local/website/dev/drift/check')
        .send({});
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        kind: 'drift-check',
        status: 'queued',
      });
      expect(onRunQueued).toHaveBeenCalled();
      const second = await request(app)
        .post('/stacks/local/website/dev/drift/check')
        .send({ program: true });
      expect(second.status).toBe(429);
      expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
      expect(second.body.error.message).toContain('try again');
      const other = await request(app)
        .post('/stacks/local/api/dev/drift/check')
        .send({ program: true });
      expect(other.status).toBe(400);
      expect(other.body.error.message).toContain("'program'");
    });

    it('remediates with a refresh or an up, and explains a restore without a program', async () => {
      const { app } = await setup();
      const accept = await request(app)
        .post('/stacks/local/api/dev/drift/remediate')
        .send({ action: 'accept' });
      expect(accept.status).toBe(201);
      expect(accept.body).toMatchObject({
        kind: 'refresh',
        remediation: 'accept',
      });
      const restore = await request(app)
        .post('/stacks/local/api/prod/drift/remediate')
        .send({ action: 'restore' });
      expect(restore.status).toBe(400);
      expect(restore.body.error.message).toContain("'action'");
      expect(restore.body.error.message).toContain('no program folder');
      const website = await request(app)
        .post('/stacks/local/website/prod/drift/remediate')
        .send({ action: 'restore' });
      expect(website.body).toMatchObject({
        kind: 'up',
        remediation: 'restore',
      });
    });

    it('refuses remediation without pulumi.drift.remediate', async () => {
      const { app } = await setup({
        decide: name =>
          name === 'pulumi.drift.remediate'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      const res = await request(app)
        .post('/stacks/local/website/dev/drift/remediate')
        .send({ action: 'accept' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('pulumi.drift.remediate');
    });

    it('creates and deletes ignore rules, with pulumi.drift.ignore', async () => {
      const { app } = await setup();
      const created = await request(app)
        .post('/drift/ignore-rules')
        .send({ type: 'stackyard:*', property: 'tags.*', reason: 'noise' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        type: 'stackyard:*',
        property: 'tags.*',
        source: 'api',
        createdBy: 'user:default/mock',
      });
      expect(
        (await request(app).get('/drift/ignore-rules')).body.items,
      ).toHaveLength(1);
      expect(
        (await request(app).delete(`/drift/ignore-rules/${created.body.id}`))
          .status,
      ).toBe(204);
      expect(
        (await request(app).delete(`/drift/ignore-rules/${created.body.id}`))
          .status,
      ).toBe(404);

      const denied = await setup({
        decide: name =>
          name === 'pulumi.drift.ignore'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      });
      const res = await request(denied.app)
        .post('/drift/ignore-rules')
        .send({ type: 'x' });
      expect(res.status).toBe(403);
    });
  });

  describe('one door per operation, each behind its permissions', () => {
    const OPERATE = 'pulumi.stack.operate';
    const DESTROY = 'pulumi.stack.destroy';
    const REMEDIATE = 'pulumi.drift.remediate';
    // The door of each operation, and every permission it needs, in the order a refusal names them.
    const doors: Array<[string, string, object, string[]]> = [
      ['preview', 'runs', { kind: 'preview' }, [OPERATE]],
      ['refresh', 'runs', { kind: 'refresh' }, [OPERATE]],
      ['up', 'runs', { kind: 'up' }, [OPERATE]],
      ['destroy', 'runs', { kind: 'destroy' }, [OPERATE, DESTROY]],
      ['drift check', 'drift/check', {}, [OPERATE]],
      ['program drift check', 'drift/check', { program: true }, [OPERATE]],
      ['accept', 'drift/remediate', { action: 'accept' }, [OPERATE, REMEDIATE]],
      [
        'restore',
        'drift/remediate',
        { action: 'restore' },
        [OPERATE, REMEDIATE],
      ],
    ];
    // Every combination of the three permissions; read is always allowed.
    const grants = [0, 1, 2, 3, 4, 5, 6, 7].map(bits =>
      [OPERATE, DESTROY, REMEDIATE].filter((_, i) => bits & (1 << i)),
    );

    it.each(doors)(
      '%s: queued only with every permission it needs, refused naming the first one missing',
      async (_name, door, body, needs) => {
        let granted: string[] = [];
        const { app, runs, auditor } = await setup({
          decide: (name, resourceRef) =>
            name === 'pulumi.stack.read' ||
            (resourceRef === 'local:organization/website/dev' &&
              granted.includes(name))
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        });
        // Refusals first: they change nothing, so the one grant that is enough queues the only run.
        const ordered = [...grants].sort(
          (a, b) =>
            Number(needs.every(n => a.includes(n))) -
            Number(needs.every(n => b.includes(n))),
        );
        // Later grants that are also enough would meet the queued run (409) or the check rate limit (429).
        const tried = ordered.slice(
          0,
          ordered.findIndex(g => needs.every(n => g.includes(n))) + 1,
        );
        const outcomes = [];
        for (const grant of tried) {
          granted = grant;
          const res = await request(app)
            .post(`/stacks/local/website/dev/${door}`)
            .send(body);
          outcomes.push({
            grant,
            status: res.status,
            refused: /\((pulumi\.[a-z.]+)\)$/.exec(
              res.body.error?.message ?? '',
            )?.[1],
          });
        }
        expect(outcomes).toEqual(
          tried.map(grant => {
            const missing = needs.find(n => !grant.includes(n));
            return missing
              ? { grant, status: 403, refused: missing }
              : { grant, status: 201, refused: undefined };
          }),
        );
        expect(
          await runs.listRuns('local:organization/website/dev', 10),
        ).toHaveLength(1);
        expect(auditor.createEvent).toHaveBeenCalled();
      },
    );

    it.each(['drift-check', 'drift-check-program'])(
      'refuses the drift kind %s on the runs door, naming its own door',
      async kind => {
        const { app, runs } = await setup();
        const res = await request(app)
          .post('/stacks/local/website/dev/runs')
          .send({ kind });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain("'kind'");
        expect(res.body.error.message).toContain('drift/check');
        expect(
          await runs.listRuns('local:organization/website/dev', 10),
        ).toEqual([]);
      },
    );

    it('cancels a run only with pulumi.stack.operate', async () => {
      let granted: string[] = [];
      const { app } = await setup({
        decide: name =>
          name === 'pulumi.stack.read' || granted.includes(name)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      });
      granted = [OPERATE];
      const run = await request(app)
        .post('/stacks/local/website/dev/runs')
        .send({ kind: 'up' });
      granted = [DESTROY, REMEDIATE];
      const refused = await request(app).post(`/runs/${run.body.id}/cancel`);
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain(`(${OPERATE})`);
      granted = [OPERATE];
      const cancelled = await request(app).post(`/runs/${run.body.id}/cancel`);
      expect(cancelled.status).toBe(202);
    });

    it('audits a destroy at high severity', async () => {
      const { app, auditor } = await setup();
      await request(app)
        .post('/stacks/local/website/dev/runs')
        .send({ kind: 'destroy' });
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'run-create',
          severityLevel: 'high',
        }),
      );
    });
  });

  describe('a method that a route does not serve', () => {
    it.each([
      ['DELETE', '/stacks', 'GET, HEAD'],
      ['PUT', '/stacks/local/website/dev/runs', 'GET, HEAD, POST'],
      ['GET', '/stacks/local/website/dev/drift/check', 'POST'],
      [
        'PATCH',
        '/drift/ignore-rules/0b6e3a8e-9f1c-4f57-8f4e-2f0a1d1c2b3a',
        'DELETE',
      ],
    ])(
      '%s %s gets 405, Allow: %s, and a JSON error',
      async (method, url, allow) => {
        const { app } = await setup();
        const res = await (request(app) as any)[method.toLowerCase()](url);
        expect(res.status).toBe(405);
        expect(res.headers.allow).toBe(allow);
        expect(res.body.error).toEqual({
          name: 'MethodNotAllowedError',
          message: `Method ${method} is not allowed here; allowed: ${allow}`,
        });
      },
    );

    it('answers OPTIONS with the methods, and an unknown path still with 404', async () => {
      const { app } = await setup();
      const options = await request(app).options('/drift/ignore-rules');
      expect(options.status).toBe(204);
      expect(options.headers.allow).toBe('GET, HEAD, POST');
      expect((await request(app).get('/nowhere')).status).toBe(404);
    });
  });

  describe('bad input gets a 400 that names the field', () => {
    const cases: Array<[string, string, string, object | null]> = [
      ['GET', '/stacks?limit=ten', 'limit', null],
      ['GET', '/stacks?limit=0', 'limit', null],
      ['GET', '/stacks?limit=1&limit=2', 'limit', null],
      ['GET', '/stacks?backend=nowhere', 'backend', null],
      ['GET', '/stacks?backend=Not%20An%20Id', 'backend', null],
      ['GET', '/stacks?drift=maybe', 'drift', null],
      ['GET', '/stacks?project=..', 'project', null],
      ['GET', '/stacks?cursor=garbage', 'cursor', null],
      ['GET', '/stacks?sort=colour', 'sort', null],
      ['GET', '/stacks?sort=name&sort=lastUpdate', 'sort', null],
      ['GET', '/stacks?order=up', 'order', null],
      ['GET', '/stacks?owner=', 'owner', null],
      ['GET', '/stacks?owner=web%20team', 'owner', null],
      ['GET', '/stacks?owner=group:default/', 'owner', null],
      ['GET', '/drift/summary?owner=a:b:c', 'owner', null],
      ['GET', '/drift/stacks?limit=0', 'limit', null],
      ['GET', '/drift/stacks?limit=101', 'limit', null],
      ['GET', '/drift/stacks?owner=team!', 'owner', null],
      ['GET', '/drift/stacks?cursor=garbage', 'cursor', null],
      ['GET', '/drift/stacks?sort=name', 'sort', null],
      ['GET', '/stacks/nowhere/website/dev', 'backend', null],
      ['GET', '/stacks/local/../dev', 'project', null],
      ['GET', '/stacks/local/..%2F..%2Fetc/dev', 'project', null],
      ['GET', '/stacks/local/web%20site/dev', 'project', null],
      ['GET', '/stacks/local/website/d%C3%A9v', 'stack', null],
      ['GET', '/stacks/local/website/.hidden', 'stack', null],
      ['GET', '/stacks/local/website/dev/resources?limit=-1', 'limit', null],
      ['GET', '/stacks/local/website/dev/resources?cursor=%%%', 'cursor', null],
      ['GET', '/stacks/local/website/dev/runs?limit=x', 'limit', null],
      ['POST', '/stacks/local/website/dev/runs', 'kind', { kind: 'apply' }],
      ['POST', '/stacks/local/website/dev/runs', 'kind', {}],
      [
        'POST',
        '/stacks/local/website/dev/runs',
        'targets',
        { kind: 'up', targets: ['not-a-urn'] },
      ],
      [
        'POST',
        '/stacks/local/website/dev/runs',
        'extra',
        { kind: 'up', extra: true },
      ],
      [
        'POST',
        '/stacks/local/website/dev/runs',
        'body',
        { kind: 'up', targets: ['urn:pulumi:x'.repeat(1), 'x'.repeat(70_000)] },
      ],
      ['GET', '/runs/not-a-uuid', 'runId', null],
      ['POST', '/runs/not-a-uuid/cancel', 'runId', null],
      [
        'POST',
        '/stacks/local/website/dev/drift/check',
        'program',
        { program: 'yes' },
      ],
      [
        'POST',
        '/stacks/local/website/dev/drift/remediate',
        'action',
        { action: 'revert' },
      ],
      ['GET', '/stacks/local/website/dev/drift/checks?limit=0', 'limit', null],
      ['GET', '/drift/summary?days=1000', 'days', null],
      ['GET', '/drift/summary?days=week', 'days', null],
      ['POST', '/drift/ignore-rules', 'stack', { reason: 'no matcher' }],
      ['POST', '/drift/ignore-rules', 'colour', { type: 'x', colour: 'red' }],
      ['DELETE', '/drift/ignore-rules/not-a-uuid', 'ruleId', null],
      // Not percent-encoding at all: Express refuses to decode the path, and the field is still named.
      ['GET', '/stacks/%zz/website/dev', "field 'backend'", null],
      ['GET', '/stacks/local/%zz/dev', "field 'project'", null],
      ['POST', '/stacks/local/website/%E0%A4%A/runs', "field 'stack'", null],
      ['GET', '/runs/%zz/events', "field 'runId'", null],
      ['DELETE', '/drift/ignore-rules/%', "field 'ruleId'", null],
      [
        'GET',
        '/runs/0b6e3a8e-9f1c-4f57-8f4e-2f0a1d1c2b3a/events?after=x',
        'after',
        null,
      ],
    ];
    it.each(cases)('%s %s (%s)', async (method, url, field, body) => {
      const { app } = await setup();
      const send = {
        GET: () => request(app).get(url),
        POST: () => request(app).post(url),
        DELETE: () => request(app).delete(url),
      }[method]!;
      const req = send();
      const res = await (body ? req.send(body) : req);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(field);
      expect(res.body.error.stack).toBeUndefined();
    });

    it('says so when the body is not JSON', async () => {
      const { app } = await setup();
      const res = await request(app)
        .post('/stacks/local/website/dev/runs')
        .set('content-type', 'application/json')
        .send('{"kind": ');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('body');
    });

    it('names the Content-Encoding of a body that is not what the header says', async () => {
      const { app } = await setup();
      const gzip = await request(app)
        .post('/stacks/local/website/dev/runs')
        .set('content-type', 'application/json')
        .set('content-encoding', 'gzip')
        .send('{"kind": "up"}');
      expect(gzip.status).toBe(400);
      expect(gzip.body.error.message).toBe(
        'Invalid body: it is not gzip data, as its Content-Encoding header says',
      );
      const brotli = await request(app)
        .post('/stacks/local/website/dev/runs')
        .set('content-type', 'application/json')
        .set('content-encoding', 'br')
        .send('{"kind": "up"}');
      expect(brotli.status).toBe(400);
      expect(brotli.body.error.message).toContain("header 'Content-Encoding'");
    });

    it('rejects a bad Last-Event-ID', async () => {
      const { app } = await setup();
      const res = await request(app)
        .get('/runs/0b6e3a8e-9f1c-4f57-8f4e-2f0a1d1c2b3a/events/stream')
        .set('Last-Event-ID', 'abc');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('Last-Event-ID');
    });
  });
});
