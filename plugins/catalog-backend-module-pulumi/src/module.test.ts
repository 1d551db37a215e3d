import {
  coreServices,
  createServiceFactory,
  LoggerService,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  locatePulumiEngine,
  PulumiEngine,
} from '@stackyard/plugin-pulumi-node';
import {
  createTemporaryBackend,
  deployTestStack,
  TemporaryBackend,
  waitFor,
} from '@stackyard/plugin-pulumi-node/testUtils';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { catalogModulePulumiEntityProvider } from './module';

// The module in a real catalog backend, over real stacks in two file:// state backends and a third backend
// that cannot be reached.
jest.setTimeout(300_000);

/** The backend's warnings, so that the test can see a refresh that failed. */
const warnings: string[] = [];
function recordingLogger(): LoggerService {
  const logger: LoggerService = {
    error: () => {},
    warn: message => {
      warnings.push(message);
    },
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

describe('the Pulumi catalog module, in a real catalog over the real engine', () => {
  let engine: PulumiEngine;
  let local: TemporaryBackend;
  let other: TemporaryBackend;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let prod: Awaited<ReturnType<typeof deployTestStack>>['stack'];
  let catalogDir: string;
  // Refreshes run when the test triggers them, not on a clock. The mock scheduler can do that, though its
  // declared type is only SchedulerService.
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory;
    triggerTask(id: string): Promise<void>;
  };

  async function stacks(): Promise<Map<string, Entity>> {
    const res = await request(backend.server).get(
      '/api/catalog/entities?filter=kind=resource,spec.type=pulumi-stack',
    );
    expect(res.status).toBe(200);
    return new Map(
      (res.body as Entity[]).map(entity => [entity.metadata.name, entity]),
    );
  }

  const relations = (entity: Entity | undefined) =>
    (entity?.relations ?? []).map(r => `${r.type} ${r.targetRef}`).sort();

  beforeAll(async () => {
    engine = await locatePulumiEngine();
    local = await createTemporaryBackend({ kind: 'file' });
    other = await createTemporaryBackend({ kind: 'file' });
    await deployTestStack({
      engine,
      backend: local,
      project: 'shared',
      stack: 'net',
    });
    await deployTestStack({
      engine,
      backend: local,
      project: 'website',
      stack: 'dev',
      tags: {
        'backstage.io:owner': 'web-team',
        'backstage.io:system': 'online-store',
        'backstage.io:component': 'website',
      },
      stackReferences: ['organization/shared/net'],
    });
    ({ stack: prod } = await deployTestStack({
      engine,
      backend: local,
      project: 'website',
      stack: 'prod',
    }));
    // The same project and stack names in a second backend.
    await deployTestStack({
      engine,
      backend: other,
      project: 'website',
      stack: 'dev',
    });

    catalogDir = await mkdtemp(path.join(os.tmpdir(), 'stackyard-catalog-'));
    const catalogFile = path.join(catalogDir, 'catalog.yaml');
    await writeFile(
      catalogFile,
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata: { name: website }',
        'spec: { type: website, owner: web-team, lifecycle: production }',
      ].join('\n'),
    );
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModulePulumiEntityProvider,
        scheduler.factory(),
        createServiceFactory({
          service: coreServices.logger,
          deps: {},
          factory: () => recordingLogger(),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://backstage.example' },
            pulumi: {
              homeDir: local.pulumiHome,
              backends: [
                { id: 'local', url: local.url, passphrase: local.passphrase },
                { id: 'other', url: other.url, passphrase: other.passphrase },
                {
                  id: 'unreachable',
                  url: 'postgres://stackyard@127.0.0.1:1/state?sslmode=disable',
                  passphrase: 'x',
                },
              ],
            },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Component', 'Resource', 'Location'] }],
              locations: [{ type: 'file', target: catalogFile }],
              providers: {
                pulumi: {
                  defaultOwner: 'group:default/platform-team',
                  rules: [
                    {
                      project: 'shared',
                      owner: 'network-team',
                      system: 'foundation',
                    },
                    { backend: 'other', owner: 'group:default/other-team' },
                  ],
                },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await local?.dispose();
    await other?.dispose();
    await rm(catalogDir, { recursive: true, force: true });
  });

  it('makes every stack of every backend an entity, with owner, system, component and stack references', async () => {
    const entities = await waitFor(
      'the stacks of both backends in the catalog',
      stacks,
      found => found.size === 4,
    );
    expect([...entities.keys()].sort()).toEqual([
      'local--shared--net',
      'local--website--dev',
      'local--website--prod',
      'other--website--dev',
    ]);

    const dev = entities.get('local--website--dev')!;
    expect(dev.metadata).toMatchObject({
      title: 'website/dev (local)',
      annotations: {
        'pulumi.com/project-slug': 'local:organization/website/dev',
      },
      links: [
        {
          url: 'http://backstage.example/pulumi/stacks/local/website/dev',
          title: 'Stack in Backstage',
        },
      ],
    });
    // From its tags; the stack reference in its state becomes dependsOn.
    expect(dev.spec).toEqual({
      type: 'pulumi-stack',
      owner: 'group:default/web-team',
      system: 'system:default/online-store',
      dependencyOf: ['component:default/website'],
      dependsOn: ['resource:default/local--shared--net'],
    });
    expect(relations(dev)).toEqual([
      'dependencyOf component:default/website',
      'dependsOn resource:default/local--shared--net',
      'ownedBy group:default/web-team',
      'partOf system:default/online-store',
    ]);
    // From the rule for its project.
    expect(entities.get('local--shared--net')!.spec).toEqual({
      type: 'pulumi-stack',
      owner: 'group:default/network-team',
      system: 'system:default/foundation',
    });
    // Neither tags nor a rule: the default owner; never dropped.
    expect(entities.get('local--website--prod')!.spec).toEqual({
      type: 'pulumi-stack',
      owner: 'group:default/platform-team',
    });
    // The same names in the other backend: a second entity, owned by the rule for that backend.
    expect(
      entities.get('other--website--dev')!.metadata.annotations,
    ).toMatchObject({
      'pulumi.com/project-slug': 'other:organization/website/dev',
    });
    expect(entities.get('other--website--dev')!.spec?.owner).toBe(
      'group:default/other-team',
    );

    // The service's page sees its stack: the catalog adds the reverse relation.
    const website = await waitFor(
      'the component to list its stack',
      async () =>
        (
          await request(backend.server).get(
            '/api/catalog/entities/by-name/component/default/website',
          )
        ).body as Entity,
      e =>
        relations(e).includes('dependsOn resource:default/local--website--dev'),
    );
    expect(relations(website)).toContain(
      'dependsOn resource:default/local--website--dev',
    );
    // The unreachable backend failed its refresh, and said so.
    expect(warnings.join('\n')).toMatch(
      /Could not read the stacks of Pulumi backend 'unreachable'/,
    );
  });

  it('drops a stack that was destroyed and removed, on the next refresh', async () => {
    expect((await stacks()).has('local--website--prod')).toBe(true);
    await prod.destroy();
    await prod.workspace.removeStack(prod.name);
    await scheduler.triggerTask('PulumiEntityProvider:local:refresh');
    const entities = await waitFor(
      'the removed stack to leave the catalog',
      stacks,
      found => !found.has('local--website--prod'),
    );
    expect([...entities.keys()].sort()).toEqual([
      'local--shared--net',
      'local--website--dev',
      'other--website--dev',
    ]);
  });

  it('keeps the entities of a backend that can no longer be read, and those of the others', async () => {
    // The other backend's state folder turns into a file: every engine call on it now fails.
    const stateDir = new URL(other.url).pathname;
    await rename(
      path.join(stateDir, '.pulumi'),
      path.join(stateDir, '.pulumi-away'),
    );
    await writeFile(path.join(stateDir, '.pulumi'), 'not a folder');
    const before = warnings.length;
    await scheduler.triggerTask('PulumiEntityProvider:other:refresh');
    expect(warnings.slice(before).join('\n')).toMatch(
      /Could not read the stacks of Pulumi backend 'other'; its catalog entities are kept as they were/,
    );
    await scheduler.triggerTask('PulumiEntityProvider:local:refresh');
    const entities = await stacks();
    expect([...entities.keys()].sort()).toEqual([
      'local--shared--net',
      'local--website--dev',
      'other--website--dev',
    ]);
    await rm(path.join(stateDir, '.pulumi'));
    await rename(
      path.join(stateDir, '.pulumi-away'),
      path.join(stateDir, '.pulumi'),
    );
  });
});
