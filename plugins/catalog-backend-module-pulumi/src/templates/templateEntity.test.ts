import type { PulumiTemplate } from './pulumiTemplate';
import { pulumiTemplateEntityName } from '@stackyard/plugin-pulumi-common';
import { templateEntity } from './templateEntity';

// The generated Template: the form that template.config gives, and the steps that carry each value to
// the right place, plain config to pulumi:new and secrets only through the task's secrets.
describe('templateEntity', () => {
  const key = (k: Partial<PulumiTemplate['config'][0]> & { key: string }) => ({
    secret: false,
    hidden: false,
    ...k,
  });
  const template: PulumiTemplate = {
    name: 'queue',
    title: 'A work queue',
    description: 'A queue',
    tags: ['messaging'],
    version: '3',
    config: [
      key({ key: 'size', default: 'small', enum: ['small', 'large'] }),
      key({ key: 'replicas', default: 2, description: 'How many' }),
      key({ key: 'ratio', default: 0.5 }),
      key({ key: 'public', default: false }),
      key({ key: 'aws:region' }),
      key({ key: 'token', secret: true, description: 'The API token' }),
      key({ key: 'owner' }),
      key({ key: 'name', default: 'x' }),
      key({ key: 'internal', default: 'fixed', hidden: true }),
    ],
  };
  const entity = templateEntity(template, {
    backends: ['local', 'shared'],
    policyPacks: ['guardrails'],
    owner: 'group:default/platform',
    location: 'pulumi-provider:test',
    appBaseUrl: 'http://backstage.example',
  });
  const [projectPage, configPage, deploymentPage] = entity.spec
    .parameters as any[];
  const step = (id: string) =>
    (entity.spec.steps as any[]).find(s => s.id === id);

  it('names the entity after the template, and records its version', () => {
    expect(entity.metadata).toMatchObject({
      name: 'pulumi-template-queue',
      title: 'A work queue',
      tags: ['pulumi', 'messaging'],
      annotations: {
        'stackyard.io/pulumi-template': 'queue',
        'stackyard.io/pulumi-template-version': '3',
      },
    });
    expect(entity.metadata.links).toEqual([
      expect.objectContaining({
        url: 'http://backstage.example/pulumi/registry',
      }),
    ]);
    expect(pulumiTemplateEntityName('My Template_2!')).toBe(
      'pulumi-template-my-template-2',
    );
  });

  it('types each field from its choices or default, and asks for the keys without one', () => {
    expect(configPage.properties).toEqual({
      size: {
        title: 'size',
        type: 'string',
        enum: ['small', 'large'],
        default: 'small',
      },
      replicas: {
        title: 'replicas',
        type: 'integer',
        default: 2,
        description: 'How many',
      },
      ratio: { title: 'ratio', type: 'number', default: 0.5 },
      public: { title: 'public', type: 'boolean', default: false },
      aws_region: { title: 'aws:region', type: 'string' },
      token: {
        title: 'token',
        type: 'string',
        description: 'The API token',
        'ui:field': 'Secret',
      },
      config_name: { title: 'name', type: 'string', default: 'x' },
    });
    expect(configPage.required).toEqual(['aws_region', 'token']);
  });

  it('adds the project, owner, backend, stack and guardrails fields', () => {
    expect(Object.keys(projectPage.properties)).toEqual([
      'name',
      'description',
      'owner',
    ]);
    expect(projectPage.properties.owner['ui:field']).toBe('OwnerPicker');
    expect(deploymentPage.properties.backend).toMatchObject({
      enum: ['local', 'shared'],
      default: 'local',
    });
    expect(deploymentPage.properties.policyPacks.default).toEqual([
      'guardrails',
    ]);
  });

  it('passes plain config to pulumi:new, secrets by name to pulumi:config:set, and tags the stack', () => {
    expect(step('new').input.config).toEqual({
      size: '${{ parameters.size }}',
      replicas: '${{ parameters.replicas }}',
      ratio: '${{ parameters.ratio }}',
      public: '${{ parameters.public }}',
      'aws:region': '${{ parameters.aws_region }}',
      owner: '${{ parameters.owner }}',
      name: '${{ parameters.config_name }}',
      internal: 'fixed',
    });
    expect(step('new').input.tags).toMatchObject({
      'stackyard:template': 'queue',
      'stackyard:template-version': '3',
    });
    expect(step('secrets')).toMatchObject({
      action: 'pulumi:config:set',
      input: { secrets: { token: 'token' } },
    });
    expect((entity.spec.steps as any[]).map(s => s.action)).toEqual([
      'catalog:write',
      'pulumi:new',
      'pulumi:config:set',
      'pulumi:preview',
      'pulumi:up',
      'pulumi:project:publish',
      'catalog:register',
    ]);
  });

  it('has no secrets step, and no config page, for a template without config', () => {
    const bare = templateEntity(
      { ...template, config: [] },
      {
        backends: ['local'],
        policyPacks: [],
        owner: 'group:default/platform',
        location: 'x',
      },
    );
    expect((bare.spec.parameters as any[]).map(p => p.title)).toEqual([
      'The project',
      'Deployment',
    ]);
    expect((bare.spec.steps as any[]).map(s => s.id)).not.toContain('secrets');
  });
});
