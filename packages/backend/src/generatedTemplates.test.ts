import {
  createServiceFactory,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { notificationService } from '@backstage/plugin-notifications-node';
import pulumiPlugin from '@stackyard/plugin-pulumi-backend';
import catalogModulePulumi, {
  pulumiProjectStoreUrlReader,
} from '@stackyard/plugin-catalog-backend-module-pulumi';
import { PulumiEngineClient } from '@stackyard/plugin-pulumi-node';
import {
  createTemporaryBackend,
  TemporaryBackend,
  waitFor,
} from '@stackyard/plugin-pulumi-node/testUtils';
import scaffolderModulePulumi from '@stackyard/plugin-scaffolder-backend-module-pulumi';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { finishedTask, startTask } from './__testUtils__/scaffolderTasks';

// A Pulumi template folder, with nothing but its Pulumi.yaml's template section and a stackyard.yaml, in
// a running backend with the real catalog, scaffolder and engine: the catalog module makes it a Template,
// whose form is dry-run and then run through the scaffolder API, and whose form follows an edit of the
// template at the provider's next run. The folder is a copy of the demo's service-environment template.
jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '../../..');
const TEMPLATE = 'pulumi-template-service-environment';
const TOKEN = 'tok-7f3a9c-never-in-plain-text';

describe('a template generated from a Pulumi template, through a running backend', () => {
  let state: TemporaryBackend;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let engine: PulumiEngineClient;
  let scratch: string;
  let folder: string;
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(): ServiceFactory;
  };

  const config = () => ({
    app: { baseUrl: 'http://localhost:3000' },
    pulumi: {
      homeDir: state.pulumiHome,
      backends: [{ id: 'local', url: state.url, passphrase: state.passphrase }],
      engine: { pluginDirs: [path.join(ROOT, 'examples/components/bin')] },
      projectStore: { dir: path.join(scratch, 'projects') },
      templates: [{ name: 'service-environment', dir: folder }],
      stackDefaults: {
        config: [
          { key: 'stackyard:dataDir', value: path.join(scratch, 'data') },
        ],
      },
      policyPacks: [
        { name: 'guardrails', dir: path.join(ROOT, 'examples/policy-pack') },
      ],
      drift: { enabled: false },
      sync: {
        schedule: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
      },
    },
    catalog: {
      processingInterval: { seconds: 1 },
      rules: [
        { allow: ['Component', 'Location', 'Resource'] },
        {
          allow: ['Template'],
          locations: [
            { type: 'pulumi-provider', exact: 'PulumiTemplateEntityProvider' },
          ],
        },
      ],
    },
  });

  const template = () =>
    waitFor(
      'the generated template in the catalog',
      async () => {
        const res = await request(backend.server).get(
          `/api/catalog/entities/by-name/template/default/${TEMPLATE}`,
        );
        return res.status === 200 ? (res.body as Entity) : undefined;
      },
      Boolean,
    ) as Promise<Entity>;
  const pages = (entity: Entity) =>
    (entity.spec as { parameters: Array<{ properties: Record<string, any> }> })
      .parameters;

  const values = {
    name: 'orders',
    description: 'The orders service',
    owner: 'group:default/team-a',
    size: 'medium',
    replicas: 2,
    logLevel: 'warn',
    apiToken: '*'.repeat(TOKEN.length),
    backend: 'local',
    stack: 'dev',
    policyPacks: ['guardrails'],
  };

  beforeAll(async () => {
    state = await createTemporaryBackend({ kind: 'file' });
    scratch = await mkdtemp(path.join(os.tmpdir(), 'stackyard-generated-'));
    folder = path.join(scratch, 'service-environment');
    await cp(
      path.join(ROOT, 'examples/templates/service-environment'),
      folder,
      {
        recursive: true,
      },
    );
    engine = await PulumiEngineClient.fromConfig(new ConfigReader(config()));
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleScaffolderEntityModel,
        catalogModulePulumi,
        pulumiProjectStoreUrlReader,
        scaffolderPlugin,
        scaffolderModulePulumi,
        pulumiPlugin,
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
        scheduler.factory(),
        mockServices.rootConfig.factory({ data: config() }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await state?.dispose();
    await rm(scratch, { recursive: true, force: true });
  });

  it('becomes a catalog Template whose form comes from template.config and stackyard.yaml', async () => {
    const entity = await template();
    expect(entity.metadata).toMatchObject({
      title: 'Service environment (from its Pulumi template)',
      tags: ['pulumi', 'service'],
      annotations: {
        'stackyard.io/pulumi-template': 'service-environment',
        'stackyard.io/pulumi-template-version': '1',
      },
    });
    const [project, configPage, deployment] = pages(entity);
    expect(Object.keys(project.properties)).toEqual([
      'name',
      'description',
      'owner',
    ]);
    // Four keys, in stackyard.yaml's order; owner comes from the owner picker.
    expect(configPage.properties).toEqual({
      size: expect.objectContaining({
        title: 'Instance size',
        enum: ['small', 'medium', 'large'],
        default: 'small',
      }),
      replicas: expect.objectContaining({ type: 'integer', default: 1 }),
      logLevel: expect.objectContaining({
        enum: ['debug', 'info', 'warn', 'error'],
      }),
      apiToken: expect.objectContaining({ 'ui:field': 'Secret' }),
    });
    expect(deployment.properties.backend.enum).toEqual(['local']);
  });

  it('dry-runs, then runs, creating the stack with its config and the secret encrypted', async () => {
    const entity = await template();
    const dry = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template: entity,
        values,
        secrets: { apiToken: TOKEN },
        directoryContents: [],
      });
    expect({ status: dry.status, error: dry.body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    // The preview saw the token's key as a secret, with a placeholder: the dry run never needs its value.
    const dryLog = JSON.stringify(dry.body.log);
    expect(dryLog).toContain('previewing it as a new stack');
    expect(dryLog).not.toContain(TOKEN);
    expect(await engine.listStacks('local')).toEqual([]);

    const id = await startTask(
      backend.server,
      `template:default/${TEMPLATE}`,
      values,
      { apiToken: TOKEN },
    );
    const task = await finishedTask(backend.server, id);
    expect({ status: task.status, log: task.log }).toMatchObject({
      status: 'completed',
    });
    expect(task.log).toContain('apiToken (secret)');
    expect(task.log).not.toContain(TOKEN);

    const ref = { backendId: 'local', project: 'orders', stack: 'dev' };
    expect(await engine.getStackTags(ref)).toMatchObject({
      'backstage.io:owner': 'group:default/team-a',
      'stackyard:template': 'service-environment',
      'stackyard:template-version': '1',
    });
    // The stack file of the published project: plain values as given, the token only as ciphertext.
    const stackFile = await readFile(
      path.join(scratch, 'projects/orders/Pulumi.dev.yaml'),
      'utf8',
    );
    expect(yaml.parse(stackFile).config).toMatchObject({
      'orders:size': 'medium',
      'orders:replicas': '2',
      'orders:logLevel': 'warn',
      'orders:owner': 'group:default/team-a',
      'orders:apiToken': { secure: expect.any(String) },
    });
    expect(stackFile).not.toContain(TOKEN);
    expect(
      existsSync(path.join(scratch, 'projects/orders/stackyard.yaml')),
    ).toBe(false);

    // The usage registry counts the stack under the template and version it was created from.
    // A sync each time: a trigger while one runs (such as start-up's) returns at once, syncing nothing.
    const templates = await waitFor(
      'the template in the usage registry',
      async () => {
        await scheduler.triggerTask('pulumi-stack-sync');
        return (
          await request(backend.server).get('/api/pulumi/registry/templates')
        ).body;
      },
      body => body.items?.length > 0,
    );
    expect(templates.items).toEqual([
      {
        name: 'service-environment',
        versions: [{ version: '1', stacks: 1 }],
        stacks: 1,
      },
    ]);
  });

  it('offers a Pulumi template published to the project store, which pulumi:new finds by name', async () => {
    const published = path.join(scratch, 'projects/queue-env');
    await cp(folder, published, { recursive: true });
    await scheduler.triggerTask('PulumiTemplateEntityProvider:refresh');
    const entity = await waitFor(
      'the published template in the catalog',
      async () => {
        const res = await request(backend.server).get(
          '/api/catalog/entities/by-name/template/default/pulumi-template-queue-env',
        );
        return res.status === 200 ? (res.body as Entity) : undefined;
      },
      Boolean,
    );
    const dry = await request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .send({
        template: entity,
        values: { ...values, name: 'queue-one' },
        secrets: { apiToken: TOKEN },
        directoryContents: [],
      });
    expect({ status: dry.status, error: dry.body.error }).toEqual({
      status: 200,
      error: undefined,
    });
    expect(JSON.stringify(dry.body.log)).toContain(
      'previewing it as a new stack',
    );
  });

  it('follows an edit of the Pulumi template at the provider next run', async () => {
    const file = path.join(folder, 'Pulumi.yaml');
    const project = yaml.parse(await readFile(file, 'utf8'));
    project.template.config.region = {
      description: 'Where the service runs',
      default: 'eu-west',
    };
    await writeFile(file, yaml.stringify(project));
    await scheduler.triggerTask('PulumiTemplateEntityProvider:refresh');
    const entity = await waitFor(
      'the form with the new key',
      template,
      e => 'region' in pages(e)[1].properties,
    );
    expect(pages(entity)[1].properties.region).toEqual({
      title: 'region',
      type: 'string',
      description: 'Where the service runs',
      default: 'eu-west',
    });
  });
});
