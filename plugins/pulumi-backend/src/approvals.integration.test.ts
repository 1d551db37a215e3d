import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  createTestProject,
  createTestStacks,
  waitFor,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { permissionsFor } from './__testUtils__/permissionsFor';
import { pulumiTestBackendFeatures } from './__testUtils__/pulumiTestBackend';
import { pulumiPlugin } from './plugin';

// Approvals end to end: the real engine on a temporary file:// backend, a running backend over HTTP, and
// users told apart by their tokens. `files/prod` is protected by config, `files/dev` by its tag. The tests
// build on each other in the order written.
jest.setTimeout(240_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
/** A user whom the policy does not let approve. */
const MALLORY = 'user:default/mallory';
const SECRET = 'approval-secret-9d1e77';

/** A user's token; with `actor`, as a plugin acting for the user gets it. */
const authorization = (user: string, actor?: string) =>
  `Bearer ${mockCredentials.user.token(
    user,
    actor ? { actor: { subject: actor } } : undefined,
  )}`;

const permissionsFactory = permissionsFor(
  (permission, user) =>
    !(permission === 'pulumi.stack.approve' && user === MALLORY),
);

describe('approvals of plans on protected stacks, through the real engine', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let projectDir: string;
  let dispose: () => Promise<void>;
  const send = jest.fn();
  const bodies: string[] = [];

  const as = (user: string, actor?: string) => ({
    get: async (url: string) => {
      const res = await request(backend.server)
        .get(`/api/pulumi${url}`)
        .set('Authorization', authorization(user, actor));
      bodies.push(res.text);
      return res;
    },
    post: async (url: string, body: object = {}) => {
      const res = await request(backend.server)
        .post(`/api/pulumi${url}`)
        .set('Authorization', authorization(user, actor))
        .send(body);
      bodies.push(res.text);
      return res;
    },
  });
  const alice = as(ALICE);
  const bob = as(BOB);

  const untilStatus = (runId: string, statuses: string[]) =>
    waitFor(
      `run ${runId} to be ${statuses.join(' or ')}`,
      async () => (await bob.get(`/runs/${runId}`)).body,
      run => statuses.includes(run.status),
      { intervalMs: 100, timeoutMs: 120_000 },
    );
  const setContent = async (stack: string, content: string) => {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    const settings = parseYaml(await readFile(file, 'utf8'));
    settings.config['files:content'] = content;
    await writeFile(file, stringifyYaml(settings));
  };
  const page = (stack: string) =>
    readFile(path.join(projectDir, 'out', stack, 'index.html'), 'utf8');
  /** Asks for a run as alice and waits for its plan. */
  const planned = async (stack: string, kind: string) => {
    const queued = await alice.post(`/stacks/local/files/${stack}/runs`, {
      kind,
    });
    expect(queued.status).toBe(201);
    expect(queued.body).toMatchObject({
      requestedBy: ALICE,
      approval: { state: 'planning' },
    });
    const run = await untilStatus(queued.body.id, ['awaiting_approval']);
    return run;
  };

  beforeAll(async () => {
    projectDir = await createTestProject();
    const created = await createTestStacks({
      stacks: ['dev', 'prod'].map(stack => ({
        project: 'files',
        stack,
        projectDir,
        secretConfig: { apiKey: SECRET },
        ...(stack === 'dev' ? { tags: { 'stackyard:protected': 'true' } } : {}),
      })),
    });
    dispose = created.dispose;
    backend = await startTestBackend({
      features: [
        pulumiPlugin,
        permissionsFactory,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send }),
        }),
        ...pulumiTestBackendFeatures({
          backend: created.backend,
          projectDir,
          pulumi: {
            runs: { pollSeconds: 0.2 },
            drift: { enabled: false },
            approvals: { protectedStacks: ['*:*/files/prod'] },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await dispose?.();
  });

  it('previews an up of a protected stack, saves its plan and waits, changing nothing', async () => {
    await setContent('prod', 'approved content');
    const run = await planned('prod', 'up');
    expect(run.approval).toMatchObject({
      state: 'pending',
      changeSummary: { update: 1 },
      steps: [
        {
          name: 'index',
          operation: 'update',
          properties: [
            { path: 'content', before: 'hello', after: 'approved content' },
          ],
        },
      ],
    });
    expect(Date.parse(run.approval.expiresAt) - Date.now()).toBeGreaterThan(
      23 * 60 * 60 * 1000,
    );
    expect(await page('prod')).toBe('hello');
    // The stack is held: nothing else changes it while the plan waits.
    const other = await bob.post('/stacks/local/files/prod/runs', {
      kind: 'refresh',
    });
    expect(other.status).toBe(409);
  });

  it('refuses the requester, and a user the policy does not allow, as approvers', async () => {
    const [run] = (await bob.get('/stacks/local/files/prod/runs')).body.items;
    const own = await alice.post(`/runs/${run.id}/approval`, {
      decision: 'approve',
    });
    expect(own.status).toBe(403);
    expect(own.body.error.message).toContain('cannot approve');
    const denied = await as(MALLORY).post(`/runs/${run.id}/approval`, {
      decision: 'approve',
    });
    expect(denied.status).toBe(403);
    const bad = await bob.post(`/runs/${run.id}/approval`, {
      decision: 'maybe',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('decision');
    expect((await bob.get(`/runs/${run.id}`)).body.status).toBe(
      'awaiting_approval',
    );
  });

  it('applies exactly the approved plan, and tells the requester', async () => {
    const [run] = (await bob.get('/stacks/local/files/prod/runs')).body.items;
    const approved = await bob.post(`/runs/${run.id}/approval`, {
      decision: 'approve',
      comment: 'looks right',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'queued',
      approval: { state: 'approved', decidedBy: BOB, comment: 'looks right' },
    });
    const done = await untilStatus(run.id, ['succeeded', 'failed']);
    expect(done.status).toBe('succeeded');
    expect(await page('prod')).toBe('approved content');
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: { type: 'entity', entityRef: [ALICE] },
        payload: expect.objectContaining({
          title: 'Approved: the up of files/prod',
        }),
      }),
    );
    const again = await bob.post(`/runs/${run.id}/approval`, {
      decision: 'approve',
    });
    expect(again.status).toBe(409);
  });

  it('fails with the engine plan error when the stack changed after the approval', async () => {
    await setContent('prod', 'seen by the approver');
    const run = await planned('prod', 'up');
    await setContent('prod', 'never previewed');
    await bob.post(`/runs/${run.id}/approval`, { decision: 'approve' });
    const done = await untilStatus(run.id, ['succeeded', 'failed']);
    expect(done).toMatchObject({
      status: 'failed',
      approval: { state: 'approved', planRefused: true },
    });
    expect(done.error).toMatch(/violates plan.*Preview again/s);
    expect(await page('prod')).toBe('approved content');
  });

  it('protects a stack by its tag, and ends a rejected run without changing anything', async () => {
    const run = await planned('dev', 'destroy');
    expect(run.approval.steps.map((s: any) => s.operation)).toContain('delete');
    const rejected = await bob.post(`/runs/${run.id}/approval`, {
      decision: 'reject',
      comment: 'not today',
    });
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      approval: { state: 'rejected', decidedBy: BOB, comment: 'not today' },
    });
    expect(existsSync(path.join(projectDir, 'out', 'dev', 'index.html'))).toBe(
      true,
    );
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          title: 'Rejected: the destroy of files/dev',
          severity: 'high',
        }),
      }),
    );
  });

  it('needs no approval for what changes nothing', async () => {
    const preview = await alice.post('/stacks/local/files/prod/runs', {
      kind: 'preview',
    });
    expect(preview.body.approval).toBeUndefined();
    expect((await untilStatus(preview.body.id, ['succeeded'])).status).toBe(
      'succeeded',
    );
  });

  it('takes a plan that the scaffolder saved and applies, for its requester only', async () => {
    const scaffolder = as(ALICE, 'plugin:scaffolder');
    const plan = {
      kind: 'up',
      plan: '{"resourcePlans":{}}',
      changeSummary: { update: 1 },
      steps: [
        {
          urn: 'urn:pulumi:dev::files::x',
          type: 't',
          name: 'x',
          operation: 'update',
          properties: [],
        },
      ],
    };
    expect(
      (await alice.post('/stacks/local/files/dev/plans', plan)).status,
    ).toBe(403);
    const bad = await scaffolder.post('/stacks/local/files/dev/plans', {
      ...plan,
      kind: 'refresh',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("'kind'");
    const submitted = await scaffolder.post(
      '/stacks/local/files/dev/plans',
      plan,
    );
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({
      status: 'awaiting_approval',
      requestedBy: ALICE,
      approval: {
        state: 'pending',
        appliedBy: 'scaffolder',
        changeSummary: { update: 1 },
      },
    });
    const runId = submitted.body.id;
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          title: 'Approval wanted: the up of files/dev',
        }),
      }),
    );
    expect((await scaffolder.get(`/runs/${runId}/plan`)).status).toBe(409);
    await bob.post(`/runs/${runId}/approval`, { decision: 'approve' });
    // Approved, the run holds the stack while the scaffolder applies the plan.
    expect((await bob.get(`/runs/${runId}`)).body).toMatchObject({
      status: 'running',
      approval: { state: 'approved' },
    });
    expect(
      (await bob.post('/stacks/local/files/dev/runs', { kind: 'refresh' }))
        .status,
    ).toBe(409);
    expect(
      (await as(BOB, 'plugin:scaffolder').get(`/runs/${runId}/plan`)).status,
    ).toBe(403);
    expect((await scaffolder.get(`/runs/${runId}/plan`)).body).toEqual({
      plan: plan.plan,
    });
    expect(
      (
        await as(ALICE, 'plugin:catalog').post(`/runs/${runId}/result`, {
          status: 'succeeded',
        })
      ).status,
    ).toBe(403);
    const result = await scaffolder.post(`/runs/${runId}/result`, {
      status: 'succeeded',
      changeSummary: { update: 1 },
    });
    expect(result.body).toMatchObject({
      status: 'succeeded',
      changeSummary: { update: 1 },
    });
    expect(
      (await scaffolder.post(`/runs/${runId}/result`, { status: 'failed' }))
        .status,
    ).toBe(409);
  });

  it('keeps the secret config out of every response', () => {
    expect(bodies.join('\n')).not.toContain(SECRET);
  });
});
