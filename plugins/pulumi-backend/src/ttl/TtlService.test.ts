import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PulumiHealth } from '@stackyard/plugin-pulumi-common';
import type { PulumiEngineService } from '@stackyard/plugin-pulumi-node';
import { StackProtection } from '@stackyard/plugin-pulumi-node';
import { createTestStores } from '../database/__testUtils__/testStores';
import { RunQueue } from '../runs/RunQueue';
import type { ProjectRetirement } from './ProjectRetirement';
import { TtlService } from './TtlService';

// The time-to-live sweep over the real stores, with a state backend of stacks and tags in memory and a
// clock that the tests set: the engine's part (the destroy, the removal) is ttl.integration.test.ts's.
jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const CREATED = '2026-12-01T00:00:00.000Z';
const REF = 'local:organization/site/dev';
const OWNER = 'group:default/web';

/** A state backend with one stack, `site/dev`, created at CREATED, whose tags the tests set. */
function memoryEngine(tags: Record<string, string>) {
  const listing = {
    backendId: 'local',
    organization: 'organization',
    project: 'site',
    stack: 'dev',
  };
  let exists = true;
  const engine = {
    listBackends: () => [{ id: 'local', url: 'file:///state' }],
    listStacks: async (_id: string, options?: { tag?: string }) =>
      exists && (!options?.tag || options.tag in tags) ? [listing] : [],
    getStackTags: async () => ({ ...tags }),
    setStackTag: jest.fn(async (_ref: unknown, name: string, value: string) => {
      tags[name] = value;
    }),
    exportState: async () => ({
      resources: [
        {
          urn: 'urn:pulumi:dev::site::pulumi:pulumi:Stack::site-dev',
          type: 'pulumi:pulumi:Stack',
          name: 'site-dev',
          custom: false,
          created: CREATED,
        },
      ],
      outputs: {},
      stackReferences: [],
      packages: [],
    }),
    removeStack: jest.fn(async () => {
      exists = false;
    }),
  };
  return engine as typeof engine & PulumiEngineService;
}

async function setUp(
  tags: Record<string, string>,
  options: { denyDestroy?: boolean; protectedStacks?: string[] } = {},
) {
  const { runs, ttls, stacks } = await createTestStores(databases, 'SQLITE_3');
  let now = new Date(CREATED);
  const engine = memoryEngine(tags);
  const health = (): PulumiHealth => ({
    status: 'ok',
    engine: { version: 'test' },
    backends: ['local'],
  });
  const protection = new StackProtection({
    protectedStacks: options.protectedStacks ?? [],
    engine: () => engine,
  });
  const send = jest.fn();
  const retire = jest.fn(async () => ['component:default/site']);
  const service = new TtlService({
    engine,
    ttls,
    runs,
    queue: new RunQueue({ runs, health, onRunQueued: () => {}, protection }),
    protection,
    retirement: { retire } as unknown as ProjectRetirement,
    auth: mockServices.auth(),
    permissions: mockServices.permissions.mock({
      authorize: async () => [
        {
          result: options.denyDestroy
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        },
      ],
    }) as any,
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    notifications: { send } as any,
    ownersOf: async () => [OWNER],
    warnBeforeMs: DAY,
    now: () => now,
  });
  const at = (iso: string) => {
    now = new Date(iso);
  };
  return { service, runs, ttls, stacks, engine, send, retire, at };
}

const titles = (send: jest.Mock) =>
  send.mock.calls.map(([n]) => n.payload.title as string);

describe('TtlService', () => {
  it('warns the owners a day ahead, then destroys, removes and retires the stack at its end', async () => {
    const { service, runs, ttls, engine, send, retire, at } = await setUp({
      'stackyard:ttl': '3d',
    });
    at('2026-12-01T12:00:00.000Z');
    await service.sweep();
    expect(await ttls.getTtl(REF)).toMatchObject({
      status: 'active',
      expiresAt: '2026-12-04T00:00:00.000Z',
    });
    expect(send).not.toHaveBeenCalled();

    at('2026-12-03T00:00:01.000Z');
    await service.sweep();
    await service.sweep();
    expect(titles(send)).toEqual([
      'site/dev will be destroyed 2026-12-04T00:00:00.000Z',
    ]);
    expect(send.mock.calls[0][0].recipients).toEqual({
      type: 'entity',
      entityRef: [OWNER],
    });

    at('2026-12-04T00:00:00.000Z');
    await service.sweep();
    const ttl = await ttls.getTtl(REF);
    expect(ttl).toMatchObject({ status: 'expiring' });
    const run = await runs.getRun(ttl!.runId!);
    expect(run).toMatchObject({
      kind: 'destroy',
      requestedBy: 'stackyard:ttl',
      status: 'queued',
    });

    // Nothing more while the destroy runs; then its end removes the stack.
    await service.sweep();
    expect(engine.removeStack).not.toHaveBeenCalled();
    await runs.claimNextRun('worker', 30_000);
    await runs.finishRun(run!.id, { status: 'succeeded' });
    await service.sweep();
    expect(engine.removeStack).toHaveBeenCalledWith({
      backendId: 'local',
      project: 'site',
      stack: 'dev',
    });
    expect(retire).toHaveBeenCalled();
    expect(await ttls.getTtl(REF)).toBeUndefined();
    expect(titles(send)[1]).toBe(
      'site/dev was destroyed at the end of its time to live',
    );
  });

  it('leaves a failed destroy visible with its message, and never tries it again by itself', async () => {
    const { service, runs, ttls, send, at } = await setUp({
      'stackyard:ttl': '2026-12-02T00:00:00Z',
    });
    at('2026-12-02T00:00:00.000Z');
    await service.sweep();
    const { runId } = (await ttls.getTtl(REF))!;
    await runs.claimNextRun('worker', 30_000);
    await runs.finishRun(runId!, {
      status: 'failed',
      error: 'error: the bucket is not empty',
    });
    await service.sweep();
    await service.sweep();
    expect(await ttls.getTtl(REF)).toMatchObject({
      status: 'ttl_failed',
      message: 'error: the bucket is not empty',
    });
    expect(titles(send).at(-1)).toBe(
      'site/dev could not be destroyed at the end of its time to live',
    );
    expect(await runs.listRuns(REF, 10)).toHaveLength(1);
  });

  it('never destroys a protected stack: its time to live is invalid', async () => {
    const { service, runs, ttls, at } = await setUp(
      { 'stackyard:ttl': '1d', 'stackyard:protected': 'true' },
      {},
    );
    at('2026-12-05T00:00:00.000Z');
    await service.sweep();
    expect(await ttls.getTtl(REF)).toMatchObject({
      status: 'invalid',
      message: expect.stringContaining('protected'),
    });
    expect(await runs.listRuns(REF, 10)).toEqual([]);
  });

  it('marks a tag it cannot read as invalid, and reads it again once it changes', async () => {
    const tags = { 'stackyard:ttl': 'soon' };
    const { service, ttls } = await setUp(tags);
    await service.sweep();
    expect(await ttls.getTtl(REF)).toMatchObject({
      status: 'invalid',
      message: expect.stringContaining('must be a duration'),
    });
    tags['stackyard:ttl'] = '7d';
    await service.sweep();
    expect(await ttls.getTtl(REF)).toMatchObject({
      status: 'active',
      expiresAt: '2026-12-08T00:00:00.000Z',
    });
  });

  it('fails, without a run, when the policy does not let it destroy', async () => {
    const { service, runs, ttls, at } = await setUp(
      { 'stackyard:ttl': '1d' },
      { denyDestroy: true },
    );
    at('2026-12-02T00:00:00.000Z');
    await service.sweep();
    expect(await ttls.getTtl(REF)).toMatchObject({
      status: 'ttl_failed',
      message: expect.stringContaining('pulumi.stack.destroy'),
    });
    expect(await runs.listRuns(REF, 10)).toEqual([]);
  });

  it('extends from the end, or from now when that passed, as a tag of the new end', async () => {
    const { service, engine, ttls, at } = await setUp({
      'stackyard:ttl': '1d',
    });
    await service.sweep();
    const extended = await service.extend(REF, 7 * DAY);
    expect(extended).toMatchObject({
      status: 'active',
      expiresAt: '2026-12-09T00:00:00.000Z',
      tag: '2026-12-09T00:00:00.000Z',
    });
    expect(engine.setStackTag).toHaveBeenCalledWith(
      { backendId: 'local', project: 'site', stack: 'dev' },
      'stackyard:ttl',
      '2026-12-09T00:00:00.000Z',
    );
    at('2026-12-20T00:00:00.000Z');
    expect((await service.extend(REF, DAY)).expiresAt).toBe(
      '2026-12-21T00:00:00.000Z',
    );
    // The sweep reads the tag it wrote as the same time to live.
    await service.sweep();
    expect(await ttls.getTtl(REF)).toMatchObject({ status: 'warned' });
    await expect(
      service.extend('local:organization/other/dev', DAY),
    ).rejects.toThrow(/no time to live/);
  });

  it('forgets a time to live whose tag was removed', async () => {
    const tags: Record<string, string> = { 'stackyard:ttl': '1d' };
    const { service, ttls } = await setUp(tags);
    await service.sweep();
    delete tags['stackyard:ttl'];
    await service.sweep();
    expect(await ttls.getTtl(REF)).toBeUndefined();
  });
});
