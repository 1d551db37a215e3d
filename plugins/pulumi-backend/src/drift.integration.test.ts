import { createServiceFactory } from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  createTestProject,
  createTestStacks,
  waitFor,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { pluginApi } from './__testUtils__/pluginApi';
import { pulumiTestBackendFeatures } from './__testUtils__/pulumiTestBackend';
import { pulumiPlugin } from './plugin';

// Drift end to end: scheduled and manual checks through the real engine on real stacks of files, the
// findings the API reports, ignore rules, both remediations with their re-check, and notifications.
jest.setTimeout(300_000);

const send = jest.fn(async () => {});

describe('drift through the real engine', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let projectDir: string;
  let dispose: () => Promise<void>;
  const file = (stack: string, name: string) =>
    path.join(projectDir, 'out', stack, `${name}.html`);

  const api = pluginApi(() => backend.server);
  const settle = api.settle;

  async function check(stack: string, program = false) {
    const res = await api.post(`/stacks/local/files/${stack}/drift/check`, {
      program,
    });
    expect(res.status).toBe(201);
    await settle(res.body.id);
    return (await api.get(`/stacks/local/files/${stack}/drift`)).body;
  }

  beforeAll(async () => {
    projectDir = await createTestProject();
    const created = await createTestStacks({
      stacks: ['dev', 'prod'].map(stack => ({
        project: 'files',
        stack,
        projectDir,
        secretConfig: { apiKey: 'drift-test-secret-1234' },
        // prod is checked every 15 minutes, dev every hour as configured.
        ...(stack === 'prod'
          ? { tags: { 'stackyard:drift-interval': '15m' } }
          : {}),
      })),
    });
    dispose = created.dispose;
    backend = await startTestBackend({
      features: [
        pulumiPlugin,
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
            drift: {
              interval: { hours: 1 },
              poll: { milliseconds: 200 },
              manualCheckInterval: { milliseconds: 0 },
              ignore: [
                {
                  stack: 'local:organization/files/prod',
                  urn: '*::about',
                  property: 'content',
                  reason: 'the about page is edited by hand on purpose',
                },
              ],
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await dispose?.();
  });

  it('checks every stack on schedule, and finds nothing where nothing changed', async () => {
    for (const stack of ['dev', 'prod']) {
      const report = await waitFor(
        `the first check of ${stack}`,
        async () => (await api.get(`/stacks/local/files/${stack}/drift`)).body,
        r => r.lastCheck !== undefined,
        { intervalMs: 100 },
      );
      expect(report).toMatchObject({
        status: 'in_sync',
        lastCheck: {
          requestedBy: 'stackyard:drift-scheduler',
          kind: 'drift-check',
        },
        findings: [],
      });
    }
    expect(send).not.toHaveBeenCalled();
  });

  it("schedules each stack's next check by its own drift-interval tag, or by config", async () => {
    const minutesAway = (iso: string) =>
      (Date.parse(iso) - Date.now()) / 60_000;
    const prod = (await api.get('/stacks/local/files/prod')).body;
    expect(prod.driftIntervalSeconds).toBe(15 * 60);
    expect(minutesAway(prod.driftNextCheckAt)).toBeGreaterThan(10);
    expect(minutesAway(prod.driftNextCheckAt)).toBeLessThanOrEqual(15);
    const dev = (await api.get('/stacks/local/files/dev')).body;
    expect(dev.driftIntervalSeconds).toBeUndefined();
    expect(minutesAway(dev.driftNextCheckAt)).toBeGreaterThan(55);
    expect(minutesAway(dev.driftNextCheckAt)).toBeLessThanOrEqual(60);
  });

  it('reports a changed property and a deleted resource, and notifies the owner once', async () => {
    await writeFile(file('dev', 'index'), 'edited by hand');
    await rm(file('dev', 'about'));
    const report = await check('dev');
    expect(report.status).toBe('drifted');
    expect(report.findings).toEqual(
      [
        expect.objectContaining({
          urn: expect.stringMatching(/::about$/),
          kind: 'deleted',
          source: 'outside',
          ignored: false,
        }),
        expect.objectContaining({
          urn: expect.stringMatching(/::index$/),
          kind: 'changed',
          source: 'outside',
          properties: [
            { path: 'content', expected: 'hello', actual: 'edited by hand' },
          ],
          ignored: false,
        }),
      ].sort(() => 0),
    );
    expect(report.changedSinceLastCheck.newlyDrifted).toHaveLength(2);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenLastCalledWith({
      recipients: { type: 'entity', entityRef: ['group:default/team-a'] },
      payload: expect.objectContaining({
        title: 'Pulumi stack files/dev has drifted',
        link: '/pulumi/stacks/local/files/dev/drift',
        severity: 'high',
      }),
    });

    // A repeat check finds the same and sends nothing.
    const again = await check('dev');
    expect(again.status).toBe('drifted');
    expect(again.changedSinceLastCheck).toEqual({
      newlyDrifted: [],
      resolved: [],
    });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('accepts the real state with a refresh, and the re-check names the inputs that still differ from it', async () => {
    const res = await api.post('/stacks/local/files/dev/drift/remediate', {
      action: 'accept',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'refresh', remediation: 'accept' });
    await settle(res.body.id);
    const report = await waitFor(
      'the re-check after accepting',
      async () => (await api.get('/stacks/local/files/dev/drift')).body,
      r =>
        r.lastCheck?.requestedBy?.startsWith('stackyard:remediation-recheck'),
      { intervalMs: 100 },
    );
    // The files' provider reads back no inputs, so the state keeps the code's: the engine still reports
    // an update of index, which its input explains. The deleted page is gone from the state.
    expect(report).toMatchObject({
      status: 'drifted',
      findings: [
        {
          urn: expect.stringMatching(/::index$/),
          kind: 'changed',
          source: 'outside',
          properties: [
            {
              path: 'content',
              expected: 'hello',
              actual: 'edited by hand',
              source: 'inputs',
            },
          ],
        },
      ],
    });
    expect(report.findings).toHaveLength(1);
    // Accepting changes the state, not the files.
    expect(await readFile(file('dev', 'index'), 'utf8')).toBe('edited by hand');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('restores the inputs with an up, and says the stack is back in sync', async () => {
    const res = await api.post('/stacks/local/files/dev/drift/remediate', {
      action: 'restore',
    });
    expect(res.status).toBe(201);
    await settle(res.body.id);
    const report = await waitFor(
      'the re-check after restoring',
      async () => (await api.get('/stacks/local/files/dev/drift')).body,
      // The re-check of this run: the accept's came before it.
      r =>
        r.lastCheck?.requestedBy ===
        `stackyard:remediation-recheck:${res.body.id}`,
      { intervalMs: 100 },
    );
    expect(report).toMatchObject({ status: 'in_sync', findings: [] });
    expect(await readFile(file('dev', 'index'), 'utf8')).toBe('hello');
    expect(send).toHaveBeenCalledTimes(2);
    expect(send).toHaveBeenLastCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          title: 'Pulumi stack files/dev is back in sync',
        }),
      }),
    );
  });

  it('keeps a finding on an ignored property without counting it as drift', async () => {
    await writeFile(file('prod', 'about'), 'about, edited on purpose');
    const report = await check('prod');
    expect(report.status).toBe('in_sync');
    expect(report.findings).toEqual([
      expect.objectContaining({
        urn: expect.stringMatching(/::about$/),
        kind: 'changed',
        ignored: true,
        ignoredBy: 'config-0',
        properties: [
          {
            path: 'content',
            expected: 'about this stack',
            actual: 'about, edited on purpose',
            ignored: true,
          },
        ],
      }),
    ]);
    expect(report.lastCheck).toMatchObject({ findings: 0, ignored: 1 });
  });

  it('restores the code’s state with an up, and the outside change is undone on disk', async () => {
    await writeFile(file('prod', 'index'), 'hotfix on the server');
    expect((await check('prod')).status).toBe('drifted');
    const res = await api.post('/stacks/local/files/prod/drift/remediate', {
      action: 'restore',
    });
    expect(res.status).toBe(201);
    await settle(res.body.id);
    const report = await waitFor(
      'the re-check after restoring',
      async () => (await api.get('/stacks/local/files/prod/drift')).body,
      r =>
        r.lastCheck?.requestedBy?.startsWith('stackyard:remediation-recheck'),
      { intervalMs: 100 },
    );
    expect(report.status).toBe('in_sync');
    expect(await readFile(file('prod', 'index'), 'utf8')).toBe('hello');
  });

  it('tells code that was never deployed from drift, with the program check', async () => {
    const configFile = path.join(projectDir, 'Pulumi.prod.yaml');
    const settings = parseYaml(await readFile(configFile, 'utf8'));
    settings.config['files:content'] = 'new code, not deployed';
    await writeFile(configFile, stringifyYaml(settings));

    const stateOnly = await check('prod');
    expect(stateOnly.findings.filter((f: any) => !f.ignored)).toEqual([]);

    const withProgram = await check('prod', true);
    expect(withProgram.lastCheck.kind).toBe('drift-check-program');
    expect(withProgram.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          urn: expect.stringMatching(/::index$/),
          source: 'code',
          kind: 'undeployed',
          operation: 'update',
        }),
      ]),
    );
  });

  it('summarises the checks', async () => {
    const summary = (await api.get('/drift/summary?days=1')).body;
    expect(summary.counts.in_sync + summary.counts.drifted).toBe(2);
    expect(summary.timeToResolve.episodes).toBeGreaterThanOrEqual(2);
    expect(summary.topResourceTypes[0].type).toBe(
      'pulumi-nodejs:dynamic/stackyard:LocalFile',
    );
  });
});
