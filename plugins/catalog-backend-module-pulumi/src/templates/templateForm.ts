import type { JsonObject, JsonValue } from '@backstage/types';
import type { PulumiTemplate, TemplateConfigKey } from './pulumiTemplate';

/** What the organisation offers every generated form: its state backends and policy packs. */
export interface TemplateFormOptions {
  /** Backend ids of `pulumi.backends`, the first the default. */
  backends: string[];
  /** Names of `pulumi.policyPacks`, all checked by default. */
  policyPacks: string[];
}

/** The fields that every generated form has; a config key of the same name gets `config_` before it. */
const FIXED_FIELDS = [
  'name',
  'description',
  'owner',
  'backend',
  'stack',
  'policyPacks',
];

/**
 * A config key named `owner` is filled from the owner picker, not a field of its own: the policy pack and
 * the catalog then agree on who owns what the template creates.
 */
export const OWNER_KEY = 'owner';

/** The form field of a config key: `aws:region` is `aws_region`. */
export function fieldName(key: string): string {
  const name = key.replace(/[^A-Za-z0-9_]/g, '_');
  return FIXED_FIELDS.includes(name) ? `config_${name}` : name;
}

/** The keys that the form asks for: all but the hidden ones and `owner`. */
export function formKeys(template: PulumiTemplate): TemplateConfigKey[] {
  return template.config.filter(k => !k.hidden && k.key !== OWNER_KEY);
}

/** The JSON schema type of a value: Pulumi config values are scalars. */
function typeOf(value: unknown): string {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') {
    return Number.isInteger(value) ? 'integer' : 'number';
  }
  return 'string';
}

function scalar(value: unknown): JsonValue {
  return ['string', 'number', 'boolean'].includes(typeof value)
    ? (value as JsonValue)
    : JSON.stringify(value);
}

/** One config key's field: its type from its choices or default, a secret as a Secret field. */
function configField(key: TemplateConfigKey): JsonObject {
  const field: JsonObject = { title: key.title ?? key.key };
  if (key.description) field.description = key.description;
  if (key.secret) {
    // The value goes to the task's secrets, never to its parameters; a secret's default is not shown.
    return { ...field, type: 'string', 'ui:field': 'Secret' };
  }
  if (key.enum) {
    field.type = key.enum.every(v => typeof v === 'number')
      ? 'number'
      : 'string';
    field.enum = key.enum;
    if (key.enumNames) field.enumNames = key.enumNames;
  } else {
    field.type = typeOf(key.default);
  }
  if (key.default !== undefined) field.default = scalar(key.default);
  return field;
}

function projectPage(template: PulumiTemplate): JsonObject {
  return {
    title: 'The project',
    required: ['name', 'owner'],
    properties: {
      name: {
        title: 'Name',
        type: 'string',
        description:
          'The Pulumi project and catalog name: lower case letters, digits and dashes',
        pattern: '^[a-z][a-z0-9-]{1,38}[a-z0-9]$',
        'ui:field': 'EntityNamePicker',
        'ui:autofocus': true,
      },
      description: {
        title: 'Description',
        type: 'string',
        default: template.description || template.title,
      },
      owner: {
        title: 'Owner',
        type: 'string',
        description: 'The team that owns the stack and its component',
        'ui:field': 'OwnerPicker',
        'ui:options': { catalogFilter: { kind: 'Group' } },
      },
    },
  };
}

function configPage(template: PulumiTemplate): JsonObject | undefined {
  const keys = formKeys(template);
  if (keys.length === 0) return undefined;
  return {
    title: 'Configuration',
    required: keys
      .filter(k => k.secret || k.default === undefined)
      .map(k => fieldName(k.key)),
    properties: Object.fromEntries(
      keys.map(k => [fieldName(k.key), configField(k)]),
    ),
  };
}

function deploymentPage(options: TemplateFormOptions): JsonObject {
  const properties: JsonObject = {
    backend: {
      title: 'State backend',
      type: 'string',
      enum: options.backends,
      default: options.backends[0],
    },
    stack: {
      title: 'Stack',
      type: 'string',
      description: 'The stack to create, such as dev or prod',
      pattern: '^[A-Za-z0-9_.-]{1,100}$',
      default: 'dev',
    },
  };
  if (options.policyPacks.length > 0) {
    properties.policyPacks = {
      title: 'Guardrails',
      description:
        "The organisation's policy packs to enforce before anything is created",
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', enum: options.policyPacks },
      default: options.policyPacks,
      'ui:widget': 'checkboxes',
    };
  }
  return { title: 'Deployment', required: ['backend', 'stack'], properties };
}

/** The pages of a generated template's form: the project, its config, and where it goes. */
export function templateParameters(
  template: PulumiTemplate,
  options: TemplateFormOptions,
): JsonObject[] {
  const config = configPage(template);
  return [
    projectPage(template),
    ...(config ? [config] : []),
    deploymentPage(options),
  ];
}
