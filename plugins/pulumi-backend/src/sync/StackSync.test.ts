import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createTestStacks,
  testBackendKinds,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { createTestStores } from '../database/__testUtils__/testStores';
import { StackSync } from './StackSync';

// The sync through the real engine: stack tags read with the CLI, catalog entities from a mock catalog,
// the cache on SQLite.
jest.setTimeout(240_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function component(name: string, slug: string, owner: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'pulumi.com/project-slug': slug },
    },
    spec: { owner, type: 'service', lifecycle: 'production' },
  };
}

describe('StackSync', () => {
  let created: Awaited<ReturnType<typeof createTestStacks>>;

  beforeAll(async () => {
    created = await createTestStacks({
      concurrency: 3,
      stacks: [
        {
          project: 'web',
          stack: 'tagged',
          tags: { 'backstage.io:owner': 'Web-Team' },
        },
        { project: 'web', stack: 'linked' },
        {
          project: 'web',
          stack: 'bad',
          tags: { 'backstage.io:owner': 'not a ref!' },
        },
        {
          project: 'web',
          stack: 'both',
          tags: {
            'backstage.io:owner': 'user:default/alice',
            'stackyard:drift-interval': '6h',
          },
        },
        { project: 'web', stack: 'none' },
        { project: 'web', stack: 'custom', tags: { team: 'ops' } },
      ],
    });
  });

  afterAll(async () => {
    await created?.dispose();
  });

  it('takes the owner from the backstage.io:owner tag, else from the first linked catalog entity', async () => {
    const { stacks } = await createTestStores(databases, 'SQLITE_3');
    const logger = mockServices.logger.mock();
    const sync = new StackSync({
      engine: created.client,
      stacks,
      logger,
      ownerTag: 'backstage.io:owner',
      auth: mockServices.auth(),
      catalog: catalogServiceMock({
        entities: [
          // web-a sorts before web-b, so its owner wins where both name a stack.
          component(
            'web-b',
            'local:organization/web/linked,local:organization/web/bad',
            'group:ops/team-b',
          ),
          component(
            'web-a',
            'local:organization/web/tagged,local:organization/web/linked',
            'team-a',
          ),
        ],
      }),
    });

    await sync.syncAll();

    const { items } = await stacks.listStacks({}, { limit: 10 });
    const byStack = Object.fromEntries(items.map(s => [s.stack, s]));
    expect(
      Object.fromEntries(items.map(s => [s.stack, s.owner ?? null])),
    ).toEqual({
      // The tag wins over the entity; a bare name is a group.
      tagged: 'group:default/web-team',
      linked: 'group:default/team-a',
      // A tag that is no entity ref is ignored, with a warning.
      bad: 'group:ops/team-b',
      both: 'user:default/alice',
      none: null,
      // Only with the tag name configured (below).
      custom: null,
    });
    expect(byStack.linked.entityRefs).toEqual([
      'component:default/web-a',
      'component:default/web-b',
    ]);
    // One read of the tags serves both tags.
    expect(byStack.both.driftIntervalSeconds).toBe(6 * 60 * 60);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /local:organization\/web\/bad has a backstage\.io:owner tag that is not an entity ref/,
      ),
    );
    expect(
      (
        await stacks.listStacks(
          { owner: 'group:default/team-a' },
          { limit: 10 },
        )
      ).items.map(s => s.stack),
    ).toEqual(['linked', 'tagged']);
  });

  it('reads the owner from the tag that the catalog module is configured to read', async () => {
    const { stacks } = await createTestStores(databases, 'SQLITE_3');
    const sync = new StackSync({
      engine: created.client,
      stacks,
      logger: mockServices.logger.mock(),
      ownerTag: 'team',
    });
    await sync.syncAll();
    const { items } = await stacks.listStacks({}, { limit: 10 });
    expect(
      Object.fromEntries(items.map(s => [s.stack, s.owner ?? null])),
    ).toMatchObject({ custom: 'group:default/ops', tagged: null });
  });
});

// The same listing (`stack ls --all`, across projects), tags and details, with the state in S3, GCS and
// Azure Blob through their local servers; their credentials come from the backend's env in config.
const objectStores = testBackendKinds().filter(
  kind => kind !== 'file' && kind !== 'postgres',
);

// A loop, as describe.each refuses an empty table: without the servers, outside strict mode, there are none.
for (const kind of objectStores) {
  describe(`StackSync on a ${kind} state backend`, () => {
    let created: Awaited<ReturnType<typeof createTestStacks>>;

    beforeAll(async () => {
      created = await createTestStacks({
        kind,
        concurrency: 2,
        stacks: [
          {
            project: 'web',
            stack: 'prod',
            tags: { 'backstage.io:owner': 'web-team' },
          },
          { project: 'api', stack: 'dev', files: { a: '1', b: '2' } },
        ],
      });
    });

    afterAll(async () => {
      await created?.dispose();
    });

    it('lists the stacks of every project with their owners and resources', async () => {
      const { stacks } = await createTestStores(databases, 'SQLITE_3');
      const sync = new StackSync({
        engine: created.client,
        stacks,
        logger: mockServices.logger.mock(),
        ownerTag: 'backstage.io:owner',
        auth: mockServices.auth(),
        catalog: catalogServiceMock({
          entities: [
            component('api', 'local:organization/api/dev', 'api-team'),
          ],
        }),
      });
      await sync.syncAll();

      const { items } = await stacks.listStacks({}, { limit: 10 });
      expect(
        items
          .map(s => ({
            ref: s.ref,
            owner: s.owner,
            resourceCount: s.resourceCount,
            result: s.lastUpdate?.result,
          }))
          .sort((a, b) => a.ref.localeCompare(b.ref)),
      ).toEqual([
        {
          ref: 'local:organization/api/dev',
          owner: 'group:default/api-team',
          // The stack, the provider and the files.
          resourceCount: 4,
          result: 'succeeded',
        },
        {
          ref: 'local:organization/web/prod',
          owner: 'group:default/web-team',
          resourceCount: 3,
          result: 'succeeded',
        },
      ]);
    });
  });
}
