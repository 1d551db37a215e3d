import { TestDatabases } from '@backstage/backend-test-utils';
import type { PulumiStackPackage } from '@stackyard/plugin-pulumi-common';
import { createTestStores } from './__testUtils__/testStores';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const site = (version: string): PulumiStackPackage[] => [
  { kind: 'provider', package: 'stackyard', version, resources: 1 },
  { kind: 'provider', package: 'pulumi-nodejs', resources: 1 },
  {
    kind: 'component',
    package: 'stackyard',
    type: 'stackyard:index:StaticSite',
    version,
    resources: 1,
  },
];

describe.each(databases.eachSupportedId())(
  'DatabaseRegistryStore on %s',
  id => {
    async function setUp() {
      const stores = await createTestStores(databases, id);
      const stacks = ['a', 'b', 'c'].map(p => ({
        backendId: 'local',
        organization: 'organization',
        project: p,
        stack: 'dev',
        lastUpdate: '2026-12-01T10:00:00.000Z',
      }));
      await stores.stacks.replaceBackendStacks('local', stacks);
      await stores.stacks.setOwnerTags('local', {
        'local:organization/a/dev': 'group:default/team-a',
      });
      const save = (project: string, packages: PulumiStackPackage[]) =>
        stores.stacks.saveStackDetails(`local:organization/${project}/dev`, {
          state: { resources: [], outputs: {}, stackReferences: [], packages },
          history: [],
        });
      await save('a', site('0.1.0'));
      await save('b', site('0.2.0'));
      await save('c', site('0.1.0'));
      return stores;
    }

    it('lists the uses of a kind over the stacks a filter keeps, with the stacks', async () => {
      const { registry } = await setUp();
      const uses = await registry.listUses('provider', {});
      expect(
        uses.map(u => `${u.package} ${u.version || '-'} ${u.project}`),
      ).toEqual([
        'pulumi-nodejs - a',
        'pulumi-nodejs - b',
        'pulumi-nodejs - c',
        'stackyard 0.1.0 a',
        'stackyard 0.2.0 b',
        'stackyard 0.1.0 c',
      ]);
      const one = await registry.listUses(
        'component',
        { project: 'b' },
        'stackyard',
      );
      expect(one).toEqual([
        expect.objectContaining({
          stackRef: 'local:organization/b/dev',
          type: 'stackyard:index:StaticSite',
          version: '0.2.0',
          resources: 1,
        }),
      ]);
    });

    it('narrows the uses to the stacks of an owner', async () => {
      const { registry } = await setUp();
      const uses = await registry.listUses(
        'provider',
        { owner: 'group:default/team-a' },
        'stackyard',
      );
      expect(uses).toEqual([
        expect.objectContaining({
          project: 'a',
          owner: 'group:default/team-a',
        }),
      ]);
    });

    it('knows every version in use in the fleet, and what one stack uses', async () => {
      const { registry } = await setUp();
      const fleet = await registry.fleetVersions();
      expect([...(fleet.get('stackyard') ?? [])].sort()).toEqual([
        '0.1.0',
        '0.2.0',
      ]);
      expect(fleet.has('pulumi-nodejs')).toBe(false);
      expect(await registry.stackPackages('local:organization/b/dev')).toEqual([
        expect.objectContaining({ kind: 'component', version: '0.2.0' }),
        { kind: 'provider', package: 'pulumi-nodejs', resources: 1 },
        {
          kind: 'provider',
          package: 'stackyard',
          version: '0.2.0',
          resources: 1,
        },
      ]);
    });

    it('lists the stacks that templates created, by their tags, and follows a tag that changes', async () => {
      const { registry, stacks } = await setUp();
      await stacks.setStackTemplates('local', {
        'local:organization/a/dev': { template: 'queue', version: '1' },
        'local:organization/b/dev': { template: 'queue' },
        'local:organization/c/dev': { template: 'site', version: '3' },
      });
      const all = await registry.listTemplateUses({});
      expect(
        all.map(u => `${u.template} ${u.version || '-'} ${u.stackRef}`),
      ).toEqual([
        'queue 1 local:organization/a/dev',
        'queue - local:organization/b/dev',
        'site 3 local:organization/c/dev',
      ]);
      expect(
        await registry.listTemplateUses({ owner: 'group:default/team-a' }),
      ).toEqual([expect.objectContaining({ template: 'queue', version: '1' })]);
      // A tag removed is a template forgotten; a version changed is the new one.
      await stacks.setStackTemplates('local', {
        'local:organization/a/dev': { template: 'queue', version: '2' },
      });
      expect(
        (await registry.listTemplateUses({})).map(
          u => `${u.template} ${u.version}`,
        ),
      ).toEqual(['queue 2']);
    });

    it('forgets the packages of a stack that is gone, and replaces those of a stack read again', async () => {
      const { registry, stacks } = await setUp();
      await stacks.saveStackDetails('local:organization/a/dev', {
        state: {
          resources: [],
          outputs: {},
          stackReferences: [],
          packages: site('0.3.0'),
        },
        history: [],
      });
      await stacks.replaceBackendStacks('local', [
        {
          backendId: 'local',
          organization: 'organization',
          project: 'a',
          stack: 'dev',
        },
      ]);
      const uses = await registry.listUses('provider', {}, 'stackyard');
      expect(uses.map(u => `${u.project} ${u.version}`)).toEqual(['a 0.3.0']);
    });
  },
);
