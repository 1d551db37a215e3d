import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createTestProject,
  createTestStacks,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { Knex } from 'knex';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import request from 'supertest';
import { applyDatabaseMigrations } from './database/migrations';
import { pulumiTestBackendFeatures } from './__testUtils__/pulumiTestBackend';
import { pulumiPlugin } from './plugin';

// The plugin end to end: the real Pulumi engine on a temporary file:// state backend, real stacks of the
// test project's dynamic resources, the plugin's database on SQLite, and its REST API over HTTP.
jest.setTimeout(240_000);

const SECRET_API_KEY = 'sk-live-7f3c9a1e5b2d4c8f';
const ORPHAN_RUN_ID = '6f1b0c2e-8d4a-4e3b-9a7c-5d2e1f0a9b8c';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

let denyOperate = false;
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: () => ({
    async authorize(requests: any[]) {
      return requests.map(r => ({
        result:
          denyOperate && r.permission.name === 'pulumi.stack.operate'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })) as any;
    },
    async authorizeConditional(requests: any[]) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any;
    },
  }),
});

describe('the Pulumi backend plugin through the real engine', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let server: any;
  let knex: Knex;
  let projectDir: string;
  let dispose: () => Promise<void>;
  const bodies: string[] = [];
  const logs: string[] = [];

  const api = {
    get: async (url: string) => {
      const res = await request(server).get(`/api/pulumi${url}`);
      bodies.push(res.text);
      return res;
    },
    post: async (url: string, body: object = {}) => {
      const res = await request(server).post(`/api/pulumi${url}`).send(body);
      bodies.push(res.text);
      return res;
    },
    stream: async (url: string, lastEventId?: string) => {
      const req = request(server).get(`/api/pulumi${url}`);
      if (lastEventId) req.set('Last-Event-ID', lastEventId);
      const res = await req.buffer(true).parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk.toString()));
        r.on('end', () => done(null, text));
      });
      bodies.push(res.body);
      return parseSse(res.body as string);
    },
  };

  async function waitForRun(id: string) {
    for (let i = 0; i < 600; i++) {
      const res = await api.get(`/runs/${id}`);
      if (['succeeded', 'failed', 'cancelled'].includes(res.body.status)) {
        return res.body;
      }
      await new Promise(r => setTimeout(r, 200));
    }
    throw new Error(`run ${id} did not end`);
  }

  beforeAll(async () => {
    for (const level of ['debug', 'info', 'warn', 'error'] as const) {
      jest
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) =>
          logs.push(
            args
              .map(a => (typeof a === 'string' ? a : JSON.stringify(a)))
              .join(' '),
          ),
        );
    }
    projectDir = await createTestProject();
    const created = await createTestStacks({
      stacks: ['dev', 'prod'].map(stack => ({
        project: 'files',
        stack,
        projectDir,
        secretConfig: { apiKey: SECRET_API_KEY },
      })),
    });
    dispose = created.dispose;
    knex = await databases.init('SQLITE_3');
    // A run that a process, now dead, left running: its lease ran out long ago.
    await applyDatabaseMigrations(knex);
    await knex('pulumi_runs').insert({
      id: ORPHAN_RUN_ID,
      stack_ref: 'local:organization/files/dev',
      backend_id: 'local',
      project: 'files',
      stack: 'dev',
      kind: 'up',
      status: 'running',
      requested_by: 'user:default/alice',
      options: '{}',
      lock_key: 'local:organization/files/dev',
      lease_owner: 'worker-that-died',
      lease_expires_at: '2026-01-01T00:00:00.000Z',
      created_at: '2026-01-01T00:00:00.000Z',
      started_at: '2026-01-01T00:00:00.000Z',
    });
    backend = await startTestBackend({
      features: [
        pulumiPlugin,
        permissionsFactory,
        mockServices.rootLogger.factory({ level: 'debug' }),
        mockServices.database.factory({ knex }),
        ...pulumiTestBackendFeatures({
          backend: created.backend,
          projectDir,
          pulumi: {
            // Scheduled drift checks would race these tests' own runs; drift.integration.test.ts has them.
            // Checks on request as often as the tests ask.
            drift: { enabled: false, manualCheckInterval: { seconds: 0 } },
            runs: { pollSeconds: 0.2, leaseSeconds: 30 },
          },
        }),
      ],
    });
    server = backend.server;
  });

  afterAll(async () => {
    await backend?.stop();
    await dispose?.();
    jest.restoreAllMocks();
  });

  it('lists the stacks and serves their detail, resources, outputs and history', async () => {
    const list = await api.get('/stacks');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: any) => s.ref)).toEqual([
      'local:organization/files/dev',
      'local:organization/files/prod',
    ]);
    expect(list.body.items[0]).toMatchObject({
      entityRefs: ['component:default/files-service'],
      driftStatus: 'unknown',
      lastUpdate: { result: 'succeeded', kind: 'update' },
    });

    const detail = await api.get('/stacks/local/files/dev');
    expect(detail.status).toBe(200);
    expect(detail.body.outputs).toEqual({
      path: path.join(projectDir, 'out', 'dev', 'index.html'),
      aboutPath: path.join(projectDir, 'out', 'dev', 'about.html'),
      apiKeyDigest: '[secret]',
    });
    const resources = await api.get('/stacks/local/files/dev/resources');
    expect(resources.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'pulumi-nodejs:dynamic/stackyard:LocalFile',
          name: 'index',
          custom: true,
          provider: expect.objectContaining({ package: 'pulumi-nodejs' }),
        }),
      ]),
    );
    const history = await api.get('/stacks/local/files/dev/history');
    expect(history.body.items).toEqual([
      expect.objectContaining({ kind: 'update', result: 'succeeded' }),
    ]);
  });

  it('ends, at start-up, a run that a dead process left running', async () => {
    const res = await api.get(`/runs/${ORPHAN_RUN_ID}`);
    expect(res.body).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('stopped before the run ended'),
    });
  });

  it('finds drift, restores the code with an up streamed over SSE, and finds none after', async () => {
    const file = path.join(projectDir, 'out', 'dev', 'index.html');
    await writeFile(file, 'edited by hand');

    const drift = await api.post('/stacks/local/files/dev/drift/check');
    expect(drift.status).toBe(201);
    expect(await waitForRun(drift.body.id)).toMatchObject({
      status: 'succeeded',
    });
    expect((await api.get('/stacks/local/files/dev')).body.driftStatus).toBe(
      'drifted',
    );

    const up = await api.post('/stacks/local/files/dev/runs', { kind: 'up' });
    expect(up.status).toBe(201);
    const events = await api.stream(`/runs/${up.body.id}/events/stream`);
    expect(events[events.length - 1].event).toBe('end');
    const statuses = events
      .filter(e => e.event === 'status')
      .map(e => JSON.parse(e.data).status);
    expect(statuses[statuses.length - 1]).toBe('succeeded');
    expect(events.some(e => e.event === 'engine')).toBe(true);
    const progress = events
      .filter(e => e.event === 'progress')
      .map(e => JSON.parse(e.data));
    const last = progress[progress.length - 1];
    expect(last.done).toBeGreaterThan(0);
    expect(last.done).toBe(last.total);
    expect(events.map(e => Number(e.id)).filter(Boolean)).toEqual(
      events.filter(e => e.id).map((_, i) => i + 1),
    );
    expect(await readFile(file, 'utf8')).toBe('hello');

    // Resuming after the third event gives the rest and nothing before it.
    const resumed = await api.stream(`/runs/${up.body.id}/events/stream`, '3');
    expect(resumed[0].id).toBe('4');

    const again = await api.post('/stacks/local/files/dev/drift/check');
    expect(await waitForRun(again.body.id)).toMatchObject({
      status: 'succeeded',
    });
    expect((await api.get('/stacks/local/files/dev')).body.driftStatus).toBe(
      'in_sync',
    );
  });

  it('refuses a second mutating run with 409 naming the first, and cancels a running one', async () => {
    // The next up changes a file through a provider that takes seconds per write, so it stays busy.
    const configFile = path.join(projectDir, 'Pulumi.prod.yaml');
    const settings = parseYaml(await readFile(configFile, 'utf8'));
    settings.config['files:content'] = 'changed';
    settings.config['files:delayMs'] = '5000';
    await writeFile(configFile, stringifyYaml(settings));

    const up = await api.post('/stacks/local/files/prod/runs', { kind: 'up' });
    expect(up.status).toBe(201);
    const second = await api.post('/stacks/local/files/prod/runs', {
      kind: 'destroy',
    });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(up.body.id);

    // Cancel once the engine is at work on it.
    for (let i = 0; i < 600; i++) {
      const events = await api.get(`/runs/${up.body.id}/events`);
      if (events.body.items.some((e: any) => e.payload?.resourcePreEvent))
        break;
      await new Promise(r => setTimeout(r, 100));
    }
    const cancel = await api.post(`/runs/${up.body.id}/cancel`);
    expect(cancel.status).toBe(202);
    expect(await waitForRun(up.body.id)).toMatchObject({ status: 'cancelled' });

    // The stack is not left locked: the next mutating run gets it and succeeds.
    settings.config['files:delayMs'] = '0';
    await writeFile(configFile, stringifyYaml(settings));
    const next = await api.post('/stacks/local/files/prod/runs', {
      kind: 'refresh',
    });
    expect(next.status).toBe(201);
    expect(await waitForRun(next.body.id)).toMatchObject({
      status: 'succeeded',
    });
  });

  it('refuses to operate without permission, and runs nothing', async () => {
    const before = await api.get('/stacks/local/files/dev/runs');
    denyOperate = true;
    try {
      const res = await api.post('/stacks/local/files/dev/runs', {
        kind: 'up',
      });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('pulumi.stack.operate');
    } finally {
      denyOperate = false;
    }
    const after = await api.get('/stacks/local/files/dev/runs');
    expect(after.body.items).toEqual(before.body.items);
  });

  it('answers bad input with a 400 that names the field', async () => {
    const cases: Array<[Promise<request.Response>, string]> = [
      [api.get('/stacks?backend=elsewhere'), 'backend'],
      [api.get('/stacks?limit=many'), 'limit'],
      [api.get('/stacks/local/..%2Ffiles/dev'), 'project'],
      [api.get('/stacks/local/files/d%C3%A9v'), 'stack'],
      [api.get('/stacks/local/fi%20les/dev'), 'project'],
      [api.post('/stacks/local/files/dev/runs', { kind: 'deploy' }), 'kind'],
      [
        api.post('/stacks/local/files/dev/runs', {
          kind: 'up',
          targets: ['x'.repeat(100_000)],
        }),
        'body',
      ],
    ];
    for (const [pending, field] of cases) {
      const res = await pending;
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
    }
  });

  it('never shows a secret config value or a secret output', async () => {
    // Every run's events, as the API serves them.
    const runs = await api.get('/stacks/local/files/dev/runs');
    for (const run of runs.body.items) {
      await api.get(`/runs/${run.id}/events?limit=1000`);
    }
    await api.get('/stacks/local/files/prod/outputs');
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) {
      expect(body).not.toContain(SECRET_API_KEY);
    }
    expect(logs.length).toBeGreaterThan(0);
    for (const line of logs) {
      expect(line).not.toContain(SECRET_API_KEY);
    }
    const tables: string[] = [
      'pulumi_stacks',
      'pulumi_stack_resources',
      'pulumi_stack_updates',
      'pulumi_stack_links',
      'pulumi_runs',
      'pulumi_run_events',
    ];
    let rows = 0;
    for (const table of tables) {
      const dump = await knex(table).select('*');
      rows += dump.length;
      expect(JSON.stringify(dump)).not.toContain(SECRET_API_KEY);
    }
    expect(rows).toBeGreaterThan(10);
  });
});

function parseSse(text: string) {
  return text
    .split('\n\n')
    .filter(block => block.trim() && !block.startsWith(':'))
    .map(block => {
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        const i = line.indexOf(': ');
        if (i > 0) fields[line.slice(0, i)] = line.slice(i + 2);
      }
      return fields as { id?: string; event: string; data: string };
    });
}
