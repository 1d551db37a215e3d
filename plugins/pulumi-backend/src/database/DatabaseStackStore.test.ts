import { TestDatabases } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { StackListing } from '@stackyard/plugin-pulumi-node';
import { createTestStores } from './__testUtils__/testStores';
import { rollbackDatabaseMigrations } from './migrations';

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
    const { knex, stacks } = await createTestStores(databases, id);
    return { knex, store: stacks };
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
        packages: [],
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

  describe('sorting', () => {
    // Seven stacks with ties and missing values in every sort column.
    const rows: Record<
      string,
      {
        lastUpdate?: string;
        resourceCount?: number;
        driftStatus: string;
        driftCheckedAt?: string;
      }
    > = {
      a: {
        lastUpdate: '2026-11-01T00:00:00.000Z',
        resourceCount: 3,
        driftStatus: 'in_sync',
        driftCheckedAt: '2026-11-10T00:00:00.000Z',
      },
      b: { driftStatus: 'unknown' },
      c: {
        lastUpdate: '2026-11-03T00:00:00.000Z',
        resourceCount: 3,
        driftStatus: 'drifted',
        driftCheckedAt: '2026-11-12T00:00:00.000Z',
      },
      d: {
        lastUpdate: '2026-11-03T00:00:00.000Z',
        resourceCount: 1,
        driftStatus: 'error',
        driftCheckedAt: '2026-11-12T00:00:00.000Z',
      },
      e: {
        resourceCount: 5,
        driftStatus: 'drifted',
        driftCheckedAt: '2026-11-11T00:00:00.000Z',
      },
      f: { lastUpdate: '2026-11-02T00:00:00.000Z', driftStatus: 'in_sync' },
      g: {
        lastUpdate: '2026-11-03T00:00:00.000Z',
        resourceCount: 3,
        driftStatus: 'unknown',
      },
    };

    async function createSortedStore() {
      const { store, knex } = await createStore();
      await store.replaceBackendStacks(
        'local',
        Object.entries(rows).map(([stack, r]) => ({
          ...listing('p', stack, r.lastUpdate),
          resourceCount: r.resourceCount,
        })),
      );
      for (const [stack, r] of Object.entries(rows)) {
        await knex('pulumi_stacks')
          .where({ stack_ref: `local:organization/p/${stack}` })
          .update({
            drift_status: r.driftStatus,
            drift_checked_at: r.driftCheckedAt ?? null,
          });
      }
      return store;
    }

    const cases: Array<[string, 'asc' | 'desc' | undefined, string]> = [
      ['name', undefined, 'abcdefg'],
      ['name', 'desc', 'gfedcba'],
      ['lastUpdate', undefined, 'cdgfabe'],
      ['lastUpdate', 'asc', 'afcdgbe'],
      ['resourceCount', 'desc', 'eacgdbf'],
      ['resourceCount', 'asc', 'dacgebf'],
      ['driftStatus', 'desc', 'cedbgaf'],
      ['driftStatus', 'asc', 'afbgdce'],
      ['driftCheckedAt', 'desc', 'cdeabfg'],
      ['driftCheckedAt', 'asc', 'aecdbfg'],
    ];

    it('sorts each way, nulls last, and pages through ties without losing or repeating a stack', async () => {
      const store = await createSortedStore();
      for (const [sort, order, expected] of cases) {
        const page = { sort: sort as any, order };
        const whole = await store.listStacks({}, { ...page, limit: 100 });
        expect([sort, order, whole.items.map(s => s.stack).join('')]).toEqual([
          sort,
          order,
          expected,
        ]);
        expect(whole.nextCursor).toBeUndefined();

        for (const limit of [1, 2, 3]) {
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const next = await store.listStacks({}, { ...page, limit, cursor });
            expect(next.items.length).toBeLessThanOrEqual(limit);
            seen.push(...next.items.map(s => s.stack));
            cursor = next.nextCursor;
          } while (cursor);
          expect([sort, order, limit, seen.join('')]).toEqual([
            sort,
            order,
            limit,
            expected,
          ]);
        }
      }
    });

    it('keeps the filter on every page', async () => {
      const store = await createSortedStore();
      const page = { sort: 'lastUpdate', order: 'asc', limit: 1 } as const;
      const first = await store.listStacks({ driftStatus: 'drifted' }, page);
      expect(first.items.map(s => s.stack)).toEqual(['c']);
      const second = await store.listStacks(
        { driftStatus: 'drifted' },
        { ...page, cursor: first.nextCursor },
      );
      expect(second.items.map(s => s.stack)).toEqual(['e']);
      expect(second.nextCursor).toBeUndefined();
    });

    it('refuses a cursor made for another sort or order, naming the cursor', async () => {
      const store = await createSortedStore();
      const { nextCursor } = await store.listStacks(
        {},
        { sort: 'lastUpdate', limit: 2 },
      );
      await expect(
        store.listStacks({}, { limit: 2, cursor: nextCursor }),
      ).rejects.toThrow(
        /cursor was made for sort 'lastUpdate' in order 'desc', not sort 'name'/,
      );
      await expect(
        store.listStacks(
          {},
          { sort: 'lastUpdate', order: 'asc', limit: 2, cursor: nextCursor },
        ),
      ).rejects.toThrow(InputError);
      const byName = await store.listStacks({}, { limit: 2 });
      await expect(
        store.listStacks(
          {},
          { sort: 'driftStatus', limit: 2, cursor: byName.nextCursor },
        ),
      ).rejects.toThrow(InputError);
      // Forged keys are refused before they reach the database.
      const forged: Array<[string, unknown]> = [
        ['driftStatus', 'sideways'],
        ['resourceCount', 'many'],
        ['resourceCount', 1.5],
        ['lastUpdate', '1'],
        ['lastUpdate', 7],
        ['driftCheckedAt', 'yesterday'],
        // Shaped like timestamps, but of no real instant.
        ['lastUpdate', '2020-13-45T99:99:99Z'],
        ['lastUpdate', '2021-02-29T10:00:00.000Z'],
        ['driftCheckedAt', '2026-11-20T24:00:00Z'],
        ['driftCheckedAt', '2026-11-20T10:00:00+25:00'],
        ['name', 'a'],
      ];
      for (const [sort, key] of forged) {
        const cursor = Buffer.from(
          JSON.stringify({ sort, order: 'desc', key, ref: 'x' }),
        ).toString('base64url');
        await expect(
          store.listStacks(
            {},
            { sort: sort as any, order: 'desc', limit: 2, cursor },
          ),
        ).rejects.toThrow(InputError);
      }
    });
  });

  it('takes the owner from the tag, else from the first linked entity with one; filters by any owner', async () => {
    const { store } = await createStore();
    await store.replaceBackendStacks(
      'local',
      ['dev', 'prod', 'qa', 'test'].map(stack => listing('website', stack)),
    );
    const ref = (stack: string) => `local:organization/website/${stack}`;
    await store.replaceLinks([
      // dev: two entities; the first by ref decides.
      {
        stackRef: ref('dev'),
        entityRef: 'component:default/website-b',
        ownerRef: 'group:default/team-b',
      },
      {
        stackRef: ref('dev'),
        entityRef: 'component:default/website-a',
        ownerRef: 'group:default/team-a',
      },
      // prod: the tag will win over the entity.
      {
        stackRef: ref('prod'),
        entityRef: 'component:default/website-a',
        ownerRef: 'group:default/team-a',
      },
      // qa: the first entity has no owner, so the second's counts.
      { stackRef: ref('qa'), entityRef: 'component:default/a-docs' },
      {
        stackRef: ref('qa'),
        entityRef: 'component:default/website-b',
        ownerRef: 'group:default/team-b',
      },
    ]);
    await store.setOwnerTags('local', {
      [ref('prod')]: 'group:default/web-team',
    });
    const owners = async () =>
      Object.fromEntries(
        (await store.listStacks({}, { limit: 10 })).items.map(s => [
          s.stack,
          s.owner,
        ]),
      );
    expect(await owners()).toEqual({
      dev: 'group:default/team-a',
      prod: 'group:default/web-team',
      qa: 'group:default/team-b',
      test: undefined,
    });
    expect((await store.getStack('local', 'website', 'prod'))?.owner).toBe(
      'group:default/web-team',
    );

    const refs = async (owner: string) =>
      (await store.listStacks({ owner }, { limit: 10 })).items.map(
        s => s.stack,
      );
    // A stack's owners are its tag owner and all its linked entities' owners: prod's entity is team-a's,
    // though its tag owner comes first.
    expect(await refs('Group:Default/Team-A')).toEqual(['dev', 'prod']);
    expect(await refs('group:default/team-b')).toEqual(['dev', 'qa']);
    expect(await refs('group:default/web-team')).toEqual(['prod']);
    expect(await refs('group:default/nobody')).toEqual([]);
    // The same owners for permission rules, both applied to one stack and as a query on the list.
    expect(
      (await store.getPermissionResources([ref('prod'), ref('test')])).map(
        r => r?.ownerRefs,
      ),
    ).toEqual([['group:default/web-team', 'group:default/team-a'], []]);
    const permitted = async (values: string[]) =>
      (
        await store.listStacks(
          { permission: { key: 'ownerRefs', values } },
          { limit: 10 },
        )
      ).items.map(s => s.stack);
    expect(await permitted(['group:default/web-team'])).toEqual(['prod']);
    expect(await permitted(['user:default/x', 'group:default/team-b'])).toEqual(
      ['dev', 'qa'],
    );

    // The tag goes: the entity's owner again. The links go: no owner, and a tag alone still counts.
    await store.setOwnerTags('local', { [ref('test')]: 'user:default/alice' });
    await store.replaceLinks([]);
    expect(await owners()).toEqual({
      dev: undefined,
      prod: undefined,
      qa: undefined,
      test: 'user:default/alice',
    });
    await store.replaceLinks([
      {
        stackRef: ref('prod'),
        entityRef: 'component:default/website-a',
        ownerRef: 'group:default/team-a',
      },
    ]);
    expect((await owners()).prod).toBe('group:default/team-a');

    // A stack that is gone and comes back gets the owner its links name at once.
    await store.replaceBackendStacks('local', [listing('website', 'dev')]);
    await store.replaceBackendStacks('local', [
      listing('website', 'dev'),
      listing('website', 'prod'),
    ]);
    expect((await owners()).prod).toBe('group:default/team-a');
  });

  it('gives a freshly tagged stack its tag owner for permissions before any catalog link', async () => {
    const { store } = await createStore();
    await store.replaceBackendStacks('local', [
      listing('website', 'dev'),
      listing('website', 'prod'),
    ]);
    await store.setOwnerTags('local', {
      'local:organization/website/dev': 'group:default/guests',
    });
    const [resource] = await store.getPermissionResources([
      'local:organization/website/dev',
    ]);
    expect(resource?.ownerRefs).toEqual(['group:default/guests']);
    const owned = await store.listStacks(
      { permission: { key: 'ownerRefs', values: ['group:default/guests'] } },
      { limit: 10 },
    );
    expect(owned.items.map(s => s.stack)).toEqual(['dev']);
  });

  it('matches stack names ignoring case for IS_STACK_NAMED', async () => {
    const { store } = await createStore();
    await store.replaceBackendStacks(
      'local',
      ['dev', 'Prod', 'production'].map(stack => listing('website', stack)),
    );
    const named = async (values: string[]) =>
      (
        await store.listStacks(
          { permission: { not: { key: 'stackName', values } } },
          { limit: 10 },
        )
      ).items.map(s => s.stack);
    expect(await named(['prod', 'PRODUCTION'])).toEqual(['dev']);
    expect(await named([])).toEqual(['Prod', 'dev', 'production']);
  });

  it('has migrations that roll back', async () => {
    const { knex } = await createStore();
    await rollbackDatabaseMigrations(knex);
    expect(await knex.schema.hasTable('pulumi_stacks')).toBe(false);
    expect(await knex.schema.hasTable('pulumi_runs')).toBe(false);
  });
});
