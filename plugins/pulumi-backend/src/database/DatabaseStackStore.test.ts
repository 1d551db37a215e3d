import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { StackListing } from '@stackyard/plugin-pulumi-node';
import {
  DatabaseStackStore,
  rollbackDatabaseMigrations,
} from './DatabaseStackStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

function listing(project: string, stack: string, lastUpdate?: string) {
  return {
    backendId: 'local',
    organization: 'organization',
    project,
    stack,
    lastUpdate,
    resourceCount: 2,
  } satisfies StackListing;
}

describe.each(databases.eachSupportedId())('DatabaseStackStore on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    const store = await DatabaseStackStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it('caches stack lists per backend and drops stacks that are gone', async () => {
    const { store } = await createStore();
    await store.replaceBackendStacks('local', [
      listing('website', 'dev', '2026-11-20T10:00:00.000Z'),
      listing('website', 'prod'),
    ]);
    await store.replaceBackendStacks('other', [
      { ...listing('website', 'dev'), backendId: 'other' },
    ]);
    await store.replaceBackendStacks('local', [listing('website', 'prod')]);

    const page = await store.listStacks({}, { limit: 10 });
    expect(page.items.map(s => s.ref)).toEqual([
      'local:organization/website/prod',
      'other:organization/website/dev',
    ]);
    expect(page.nextCursor).toBeUndefined();
    expect(await store.getStack('local', 'website', 'dev')).toBeUndefined();
  });

  it('stores resources, outputs and history, and knows which stacks are stale', async () => {
    const { store } = await createStore();
    await store.replaceBackendStacks('local', [
      listing('website', 'dev', '2026-11-20T10:00:00.000Z'),
    ]);
    expect((await store.listStaleStacks('local')).map(s => s.ref)).toEqual([
      'local:organization/website/dev',
    ]);

    const ref = 'local:organization/website/dev';
    await store.saveStackDetails(ref, {
      state: {
        outputs: { url: 'file:///x', token: '[secret]' },
        stackReferences: [],
        resources: Array.from({ length: 5 }, (_, i) => ({
          urn: `urn:pulumi:dev::website::stackyard:LocalFile::f${i}`,
          type: 'stackyard:LocalFile',
          name: `f${i}`,
          custom: true,
          provider: {
            urn: 'urn:pulumi:dev::website::pulumi:providers:pulumi-nodejs::default',
            package: 'pulumi-nodejs',
            version: '3.259.0',
          },
        })),
      },
      history: [
        {
          version: 2,
          kind: 'update',
          result: 'succeeded',
          startTime: '2026-11-20T09:59:00.000Z',
          endTime: '2026-11-20T10:00:00.000Z',
          resourceChanges: { update: 1, same: 4 },
        },
      ],
    });
    expect(await store.listStaleStacks('local')).toEqual([]);

    const detail = await store.getStack('local', 'website', 'dev');
    expect(detail).toMatchObject({
      ref,
      lastUpdate: {
        time: '2026-11-20T10:00:00.000Z',
        result: 'succeeded',
        kind: 'update',
      },
      resourceCount: 5,
      driftStatus: 'unknown',
      outputs: { url: 'file:///x', token: '[secret]' },
    });

    const first = await store.listResources(ref, { limit: 3 });
    expect(first.items.map(r => r.name)).toEqual(['f0', 'f1', 'f2']);
    expect(first.items[0].provider).toEqual({
      urn: 'urn:pulumi:dev::website::pulumi:providers:pulumi-nodejs::default',
      package: 'pulumi-nodejs',
      version: '3.259.0',
    });
    const second = await store.listResources(ref, {
      limit: 3,
      cursor: first.nextCursor,
    });
    expect(second.items.map(r => r.name)).toEqual(['f3', 'f4']);
    expect(second.nextCursor).toBeUndefined();

    expect(await store.listUpdates(ref)).toEqual([
      expect.objectContaining({
        version: 2,
        resourceChanges: { update: 1, same: 4 },
      }),
    ]);

    // A newer update makes the details stale again.
    await store.replaceBackendStacks('local', [
      listing('website', 'dev', '2026-11-21T10:00:00.000Z'),
    ]);
    expect((await store.listStaleStacks('local')).map(s => s.ref)).toEqual([
      ref,
    ]);
  });

  it('filters, searches and pages the stack list', async () => {
    const { store, knex } = await createStore();
    await store.replaceBackendStacks(
      'local',
      ['api', 'website', 'web_100%'].flatMap(project =>
        ['dev', 'prod'].map(stack => listing(project, stack)),
      ),
    );
    // Drift status is the drift store's to write (with its check); set it as a check would.
    await knex('pulumi_stacks')
      .where({ stack_ref: 'local:organization/website/prod' })
      .update({ drift_status: 'drifted' });
    await store.replaceLinks([
      {
        stackRef: 'local:organization/api/dev',
        entityRef: 'component:default/API',
        ownerRef: 'group:default/team-a',
      },
      {
        stackRef: 'local:organization/website/prod',
        entityRef: 'component:default/website',
        ownerRef: 'group:default/team-b',
      },
    ]);
    const refs = async (filter: object) =>
      (await store.listStacks(filter, { limit: 100 })).items.map(s => s.ref);

    expect(await refs({ project: 'api' })).toEqual([
      'local:organization/api/dev',
      'local:organization/api/prod',
    ]);
    expect(await refs({ driftStatus: 'drifted' })).toEqual([
      'local:organization/website/prod',
    ]);
    expect(await refs({ entityRef: 'component:default/api' })).toEqual([
      'local:organization/api/dev',
    ]);
    expect(await refs({ text: 'WEB' })).toHaveLength(4);
    expect(await refs({ text: '100%' })).toEqual([
      'local:organization/web_100%/dev',
      'local:organization/web_100%/prod',
    ]);
    expect(await refs({ text: '_1' })).toHaveLength(2);
    expect(
      await refs({
        permission: { key: 'ownerRefs', values: ['group:default/team-a'] },
      }),
    ).toEqual(['local:organization/api/dev']);
    expect(
      await refs({
        permission: {
          anyOf: [
            { key: 'ownerRefs', values: ['group:default/team-b'] },
            { not: { key: 'backendId', values: ['local'] } },
          ],
        },
      }),
    ).toEqual(['local:organization/website/prod']);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listStacks({}, { limit: 4, cursor });
      seen.push(...page.items.map(s => s.ref));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);

    await expect(
      store.listStacks({}, { limit: 4, cursor: 'not-a-cursor' }),
    ).rejects.toThrow(InputError);

    expect(
      await store.getPermissionResources([
        'local:organization/api/dev',
        'local:organization/nope/dev',
      ]),
    ).toEqual([
      {
        ref: 'local:organization/api/dev',
        backendId: 'local',
        project: 'api',
        stack: 'dev',
        ownerRefs: ['group:default/team-a'],
      },
      undefined,
    ]);
  });

  it('has migrations that roll back', async () => {
    const { knex } = await createStore();
    await rollbackDatabaseMigrations(knex);
    expect(await knex.schema.hasTable('pulumi_stacks')).toBe(false);
    expect(await knex.schema.hasTable('pulumi_runs')).toBe(false);
  });
});
