import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
} from '@backstage/catalog-model';
import type { TemplateEntityV1beta3 } from '@backstage/plugin-scaffolder-common';
import type { JsonObject, JsonValue } from '@backstage/types';
import {
  PULUMI_TEMPLATE_ANNOTATION,
  PULUMI_TEMPLATE_TAG,
  PULUMI_TEMPLATE_VERSION_ANNOTATION,
  PULUMI_TEMPLATE_VERSION_TAG,
  pulumiTemplateEntityName,
} from '@stackyard/plugin-pulumi-common';
import type { PulumiTemplate } from './pulumiTemplate';
import {
  fieldName,
  formKeys,
  OWNER_KEY,
  templateParameters,
  TemplateFormOptions,
} from './templateForm';

const param = (name: string) => `\${{ parameters.${name} }}`;

/** pulumi:new's plain config: the form's fields, the owner, and hidden keys at their defaults. */
function plainConfig(template: PulumiTemplate): JsonObject {
  const config: JsonObject = {};
  for (const key of template.config) {
    if (key.secret) continue;
    if (key.key === OWNER_KEY) config[key.key] = param('owner');
    else if (key.hidden) config[key.key] = key.default as JsonValue;
    else config[key.key] = param(fieldName(key.key));
  }
  return config;
}

/**
 * The steps of the no-code template, with a preview before the deploy: the catalog entry, the stack, its
 * secrets, the preview that the guardrails check, the deploy, publish and register.
 */
function templateSteps(template: PulumiTemplate): JsonObject[] {
  const stackInput = {
    backend: param('backend'),
    project: param('name'),
    stack: param('stack'),
    directory: '.',
  };
  const secrets = formKeys(template).filter(k => k.secret);
  return [
    {
      id: 'write',
      name: 'Write the catalog entry',
      action: 'catalog:write',
      input: {
        entity: {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: param('name'),
            description: param('description'),
            annotations: {
              'pulumi.com/project-slug': `${param(
                'backend',
              )}:organization/${param('name')}/${param('stack')}`,
            },
            tags: ['pulumi'],
          },
          spec: {
            type: 'service',
            lifecycle: 'experimental',
            owner: param('owner'),
          },
        },
      },
    },
    {
      id: 'new',
      name: 'Create the stack',
      action: 'pulumi:new',
      input: {
        ...stackInput,
        template: template.name,
        description: param('description'),
        config: plainConfig(template),
        tags: {
          'backstage.io:owner': param('owner'),
          'backstage.io:component': param('name'),
          [PULUMI_TEMPLATE_TAG]: template.name,
          [PULUMI_TEMPLATE_VERSION_TAG]: template.version,
        },
      },
    },
    ...(secrets.length > 0
      ? [
          {
            id: 'secrets',
            name: 'Set the secrets',
            action: 'pulumi:config:set',
            input: {
              ...stackInput,
              secrets: Object.fromEntries(
                secrets.map(k => [k.key, fieldName(k.key)]),
              ),
            },
          },
        ]
      : []),
    {
      id: 'preview',
      name: 'Preview with the guardrails',
      action: 'pulumi:preview',
      input: { ...stackInput, policyPacks: param('policyPacks') },
    },
    {
      id: 'up',
      name: 'Deploy',
      action: 'pulumi:up',
      input: { ...stackInput, policyPacks: param('policyPacks') },
    },
    {
      id: 'publish',
      name: 'Publish the project',
      action: 'pulumi:project:publish',
      input: { project: param('name') },
    },
    {
      id: 'register',
      name: 'Register in the catalog',
      action: 'catalog:register',
      input: { catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}' },
    },
  ];
}

/**
 * The Backstage template of a Pulumi template: its form from `template.config`, and the steps of the
 * no-code template. Its annotations name the Pulumi template and its version, which the stacks it creates
 * carry as tags.
 */
export function templateEntity(
  template: PulumiTemplate,
  options: TemplateFormOptions & {
    owner: string;
    location: string;
    /** The app's base URL, for a link to the usage registry's count of the stacks it created. */
    appBaseUrl?: string;
  },
): TemplateEntityV1beta3 {
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: pulumiTemplateEntityName(template.name),
      title: template.title,
      description: template.description,
      tags: [...new Set(['pulumi', ...template.tags])],
      annotations: {
        [ANNOTATION_LOCATION]: options.location,
        [ANNOTATION_ORIGIN_LOCATION]: options.location,
        [PULUMI_TEMPLATE_ANNOTATION]: template.name,
        [PULUMI_TEMPLATE_VERSION_ANNOTATION]: template.version,
      },
      ...(options.appBaseUrl
        ? {
            links: [
              {
                url: `${options.appBaseUrl}/pulumi/registry`,
                title: 'Stacks created from it, by version',
                icon: 'dashboard',
              },
            ],
          }
        : {}),
    },
    spec: {
      owner: options.owner,
      type: 'service',
      parameters: templateParameters(template, options),
      steps: templateSteps(template) as TemplateEntityV1beta3['spec']['steps'],
      // The entity type declares outputs as strings; the scaffolder also takes links, as the demo's templates do.
      output: {
        links: [
          {
            title: 'Open in catalog',
            icon: 'catalog',
            entityRef: '${{ steps.register.output.entityRef }}',
          },
          {
            title: 'The stack',
            url: `/pulumi/stacks/${param('backend')}/${param('name')}/${param(
              'stack',
            )}`,
          },
        ],
      } as unknown as TemplateEntityV1beta3['spec']['output'],
    },
  };
}
