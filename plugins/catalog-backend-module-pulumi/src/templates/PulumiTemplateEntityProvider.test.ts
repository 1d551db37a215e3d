import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { PulumiTemplateEntityProvider } from './PulumiTemplateEntityProvider';

// The provider on template folders: a generated Template for each Pulumi template, none for a program,
// a form that follows an edit at the next refresh, and a broken edit that keeps the last good form.
describe('PulumiTemplateEntityProvider', () => {
  let root: string;
  const applyMutation = jest.fn();
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stackyard-templates-'));
    applyMutation.mockReset();
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  async function folder(name: string, project: unknown) {
    const dir = path.join(root, name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
    await writeFile(path.join(dir, 'Pulumi.yaml'), yaml.stringify(project));
    return dir;
  }

  async function provider(
    folders: Array<{ name: string; dir: string }>,
    store?: string,
  ) {
    const p = PulumiTemplateEntityProvider.fromConfig(
      new ConfigReader({
        pulumi: {
          backends: [{ id: 'local', url: 'file:///tmp/x' }],
          templates: folders,
          policyPacks: [{ name: 'guardrails', dir: '/tmp/p' }],
          ...(store ? { projectStore: { dir: store } } : {}),
        },
      }),
      {
        logger,
        scheduler: mockServices.scheduler.mock(),
        taskRunner: { run: async () => {} },
      },
    );
    await p.connect({ applyMutation } as unknown as EntityProviderConnection);
    return p;
  }

  const entities = () =>
    applyMutation.mock.lastCall![0].entities.map((e: any) => e.entity);
  const configFields = () =>
    Object.keys(entities()[0].spec.parameters[1].properties);

  const queue = (config: Record<string, unknown>) => ({
    name: 'queue',
    runtime: 'yaml',
    template: { displayName: 'Queue', config },
  });

  it('generates a template for each Pulumi template, and none for a program', async () => {
    const p = await provider([
      {
        name: 'queue',
        dir: await folder('queue', queue({ size: { default: 'small' } })),
      },
      {
        name: 'site',
        dir: await folder('site', { name: 'site', runtime: 'yaml' }),
      },
    ]);
    await p.refresh();
    expect(applyMutation).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'full' }),
    );
    expect(entities().map((e: any) => e.metadata.name)).toEqual([
      'pulumi-template-queue',
    ]);
    expect(entities()[0].spec.owner).toBe('group:default/platform');
  });

  it('generates one for each Pulumi template published to the project store, where a configured name wins', async () => {
    const store = path.join(root, 'store');
    await mkdir(store);
    await folder('store/queue', queue({ size: { default: 'large' } }));
    await folder('store/billing', queue({ plan: { default: 'free' } }));
    await folder('store/orders', { name: 'orders', runtime: 'yaml' });
    const p = await provider(
      [
        {
          name: 'queue',
          dir: await folder('queue', queue({ size: { default: 'small' } })),
        },
      ],
      store,
    );
    await p.refresh();
    const names = entities().map((e: any) => e.metadata.name);
    expect(names).toEqual(['pulumi-template-queue', 'pulumi-template-billing']);
    expect(entities()[0].spec.parameters[1].properties.size.default).toBe(
      'small',
    );
  });

  it('follows an edit of Pulumi.yaml at the next refresh, and keeps the last good form through a broken one', async () => {
    const dir = await folder('queue', queue({ size: { default: 'small' } }));
    const p = await provider([{ name: 'queue', dir }]);
    await p.refresh();
    expect(configFields()).toEqual(['size']);
    const first = entities()[0].metadata.annotations;

    await folder(
      'queue',
      queue({ size: { default: 'small' }, replicas: { default: 1 } }),
    );
    await p.refresh();
    expect(configFields()).toEqual(['size', 'replicas']);
    expect(entities()[0].metadata.annotations).not.toEqual(first);

    await writeFile(path.join(dir, 'stackyard.yaml'), 'order: [nope]\n');
    await p.refresh();
    expect(configFields()).toEqual(['size', 'replicas']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/names the config key 'nope'/),
    );
  });
});
