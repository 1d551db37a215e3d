import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createTemporaryBackend,
  deployTestStack,
  TemporaryBackend,
  waitFor,
  writeTestProject,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { locatePulumiEngine } from '@stackyard/plugin-pulumi-node';
import { cp, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { permissionsFor } from './__testUtils__/permissionsFor';
import { pulumiTestBackendFeatures } from './__testUtils__/pulumiTestBackend';
import { pulumiPlugin } from './plugin';

// The usage registry on real stacks: three Pulumi YAML stacks use the demo's component library through its
// component provider, two at version 0.1.0 and one at a copy bumped to 0.2.0, deployed by the real engine;
// a running backend's sync indexes their states.
jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '../../..');
const ALICE = 'user:default/alice';
/** A user who may read only team-a's stacks. */
const BOB = 'user:default/bob';

/** A copy of the component library whose provider says `version`, with its own plugin folder. */
async function bumpedComponents(parent: string, version: string) {
  const dir = path.join(parent, `components-${version}`);
  for (const part of ['bin', 'src', 'package.json', 'tsconfig.json']) {
    await cp(
      path.join(ROOT, 'examples/components', part),
      path.join(dir, part),
      {
        recursive: true,
      },
    );
  }
  await symlink(
    path.join(ROOT, 'node_modules'),
    path.join(dir, 'node_modules'),
    'dir',
  );
  const provider = path.join(dir, 'src/provider.ts');
  const source = await readFile(provider, 'utf8');
  await writeFile(
    provider,
    source.replace(/const VERSION = '[^']+'/, `const VERSION = '${version}'`),
  );
  return path.join(dir, 'bin');
}

/**
 * A Pulumi YAML project that makes one static site of the component library, pinned to `version` as a
 * program pins the version of a package it uses.
 */
const siteProject = (parentDir: string, name: string, version: string) =>
  writeTestProject({
    parentDir,
    nodeModules: false,
    files: {
      'Pulumi.yaml': [
        `name: ${name}`,
        'runtime: yaml',
        'resources:',
        '  site:',
        '    type: stackyard:index:StaticSite',
        '    properties:',
        `      title: ${name}`,
        '      tags:',
        `        owner: ${name}`,
        '    options:',
        `      version: ${version}`,
      ].join('\n'),
    },
  });

describe('the usage registry, on real stacks of two versions of a component library', () => {
  let state: TemporaryBackend;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const as = (user: string) => async (url: string) =>
    request(backend.server)
      .get(`/api/pulumi${url}`)
      .set('Authorization', mockCredentials.user.header(user));
  const alice = as(ALICE);
  const bob = as(BOB);

  beforeAll(async () => {
    state = await createTemporaryBackend({ kind: 'file' });
    const engine = await locatePulumiEngine();
    const v1 = path.join(ROOT, 'examples/components/bin');
    const v2 = await bumpedComponents(state.workDir, '0.2.0');
    const sites = [
      {
        name: 'site-a',
        bin: v1,
        version: '0.1.0',
        owner: 'group:default/team-a',
      },
      {
        name: 'site-b',
        bin: v2,
        version: '0.2.0',
        owner: 'group:default/team-b',
      },
      {
        name: 'site-c',
        bin: v1,
        version: '0.1.0',
        owner: 'group:default/team-b',
      },
    ];
    const projectDirs: string[] = [];
    for (const site of sites) {
      projectDirs.push(
        await siteProject(state.workDir, site.name, site.version),
      );
      await deployTestStack({
        engine: {
          ...engine,
          pluginDirs: [site.bin, ...(engine.pluginDirs ?? [])],
        },
        backend: state,
        project: site.name,
        stack: 'dev',
        projectDir: projectDirs[projectDirs.length - 1],
        config: { 'stackyard:dataDir': path.join(state.workDir, 'data') },
        tags: { 'backstage.io:owner': site.owner },
      });
    }
    backend = await startTestBackend({
      features: [
        pulumiPlugin,
        permissionsFor(
          () => true,
          user =>
            user === BOB
              ? {
                  rule: 'IS_STACK_OWNER',
                  resourceType: 'pulumi-stack',
                  params: { claims: ['group:default/team-a'] },
                }
              : undefined,
        ),
        ...pulumiTestBackendFeatures({
          backend: state,
          projectDir: projectDirs[0],
          pulumi: {
            drift: { enabled: false },
            engine: { pluginDirs: [v1] },
            registry: { minimumVersions: { stackyard: '0.2.0' } },
          },
        }),
      ],
    });
  });

  beforeAll(async () => {
    // The sync reads the states at start-up, in the background.
    await waitFor(
      "the sync to index the three stacks' states",
      async () => (await alice('/registry/packages')).body.items ?? [],
      (items: any[]) => items.find(p => p.name === 'stackyard')?.stacks === 3,
    );
  });

  afterAll(async () => {
    await backend?.stop();
    await state?.dispose();
  });

  it('counts each version of a package in use, newest first, with the outdated stacks', async () => {
    const res = await alice('/registry/packages');
    expect(res.status).toBe(200);
    const stackyard = res.body.items.find((p: any) => p.name === 'stackyard');
    expect(stackyard).toEqual({
      name: 'stackyard',
      latest: '0.2.0',
      minimumVersion: '0.2.0',
      versions: [
        { version: '0.2.0', stacks: 1, outdated: false },
        { version: '0.1.0', stacks: 2, outdated: true },
      ],
      stacks: 3,
      outdatedStacks: 2,
    });
  });

  it('says which stacks use which version, filtered by owner', async () => {
    const res = await alice('/registry/packages/stackyard?owner=team-b');
    expect(res.status).toBe(200);
    expect(res.body.stacks.items).toEqual([
      expect.objectContaining({
        stackRef: 'local:organization/site-b/dev',
        version: '0.2.0',
        outdated: false,
        owner: 'group:default/team-b',
      }),
      expect.objectContaining({
        stackRef: 'local:organization/site-c/dev',
        version: '0.1.0',
        outdated: true,
      }),
    ]);
    expect(res.body.package).toMatchObject({ stacks: 2, outdatedStacks: 1 });
  });

  it('groups component types by the package that serves them, with their versions', async () => {
    const res = await alice('/registry/components');
    const stackyard = res.body.items.find(
      (p: any) => p.package === 'stackyard',
    );
    expect(stackyard.types).toEqual(
      expect.arrayContaining([
        {
          type: 'stackyard:index:StaticSite',
          versions: [
            { version: '0.2.0', stacks: 1, outdated: false },
            { version: '0.1.0', stacks: 2, outdated: true },
          ],
          stacks: 3,
          resources: 3,
        },
      ]),
    );
  });

  it("lists a stack's packages and components, marking the outdated ones", async () => {
    const res = await alice('/stacks/local/site-a/dev/packages');
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        {
          kind: 'provider',
          package: 'stackyard',
          version: '0.1.0',
          resources: 1,
          outdated: true,
        },
        expect.objectContaining({
          kind: 'component',
          type: 'stackyard:index:StaticSite',
          version: '0.1.0',
          outdated: true,
        }),
      ]),
    );
  });

  it('shows a user only the stacks they may read', async () => {
    const packages = await bob('/registry/packages');
    const stackyard = packages.body.items.find(
      (p: any) => p.name === 'stackyard',
    );
    expect(stackyard).toMatchObject({
      versions: [{ version: '0.1.0', stacks: 1, outdated: true }],
      stacks: 1,
    });
    const usage = await bob('/registry/packages/stackyard');
    expect(usage.body.stacks.items.map((s: any) => s.stackRef)).toEqual([
      'local:organization/site-a/dev',
    ]);
    expect((await bob('/stacks/local/site-b/dev/packages')).status).toBe(403);
  });

  it('pages, and refuses a bad query naming the field', async () => {
    const first = await alice('/registry/packages/stackyard?limit=2');
    expect(first.body.stacks.items).toHaveLength(2);
    const next = await alice(
      `/registry/packages/stackyard?limit=2&cursor=${first.body.stacks.nextCursor}`,
    );
    expect(next.body.stacks.items.map((s: any) => s.stackRef)).toEqual([
      'local:organization/site-c/dev',
    ]);
    expect(next.body.stacks.nextCursor).toBeUndefined();
    const bad = await alice('/registry/packages?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("'limit'");
    expect((await alice('/registry/packages?cursor=nope')).status).toBe(400);
    expect((await alice('/registry/packages/not%20a%20name')).status).toBe(400);
  });
});
