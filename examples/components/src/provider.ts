// The component library as a Pulumi component provider, `stackyard`, so that programs in any Pulumi
// language, Pulumi YAML in particular, can use its components. bin/pulumi-resource-stackyard starts it;
// the engine finds that script through `pulumi.engine.pluginDirs`.
import * as pulumi from '@pulumi/pulumi';
import * as provider from '@pulumi/pulumi/provider';
import { SERVICE_SIZES, ServiceEnvironment } from './serviceEnvironment';
import { StaticSite } from './staticSite';

const VERSION = '0.1.0';

const tags = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description: 'Labels such as owner; the policy pack requires owner',
};

/** The package schema: what YAML programs may write, and what the engine checks their inputs against. */
export const schema = {
  name: 'stackyard',
  version: VERSION,
  description: "Stackyard's example components",
  resources: {
    'stackyard:index:StaticSite': {
      isComponent: true,
      description:
        'A static web site: its page, its config file and a robots.txt',
      inputProperties: {
        title: { type: 'string', description: "The site's title" },
        environment: {
          type: 'string',
          description: 'The environment; by default the stack name',
        },
        cacheSeconds: {
          type: 'integer',
          description:
            'Browser cache lifetime in seconds; 0 is off. Default 300',
        },
        tags,
      },
      requiredInputs: ['title'],
      properties: {
        url: { type: 'string', description: "The site's address" },
        dir: { type: 'string', description: 'The folder of the site' },
      },
      required: ['url', 'dir'],
    },
    'stackyard:index:ServiceEnvironment': {
      isComponent: true,
      description:
        'Where a service runs in one environment: its environment file, limits and instances',
      inputProperties: {
        environment: {
          type: 'string',
          description: 'The environment; by default the stack name',
        },
        size: {
          type: 'string',
          description: `The instance size: ${Object.keys(SERVICE_SIZES).join(
            ', ',
          )}. Default small`,
        },
        replicas: {
          type: 'integer',
          description: 'How many instances run. Default 1',
        },
        variables: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'Environment variables of the service',
        },
        tags,
      },
      properties: {
        dir: { type: 'string', description: 'The folder of the environment' },
        endpoint: { type: 'string', description: 'Where the service answers' },
        size: { type: 'string', description: 'The instance size' },
        replicas: { type: 'integer', description: 'How many instances run' },
      },
      required: ['dir', 'endpoint', 'size', 'replicas'],
    },
  },
};

/** The inputs as plain values: the components take known values, as a form or a YAML file gives them. */
function plainInputs(type: string, inputs: pulumi.Inputs): any {
  for (const [key, value] of Object.entries(inputs)) {
    if (pulumi.Output.isInstance(value)) {
      throw new Error(
        `${type}: input '${key}' must be a known value, not the output of another resource or a secret`,
      );
    }
  }
  return inputs;
}

class StackyardProvider implements provider.Provider {
  readonly version = VERSION;
  readonly schema = JSON.stringify(schema);

  async construct(
    name: string,
    type: string,
    inputs: pulumi.Inputs,
    options: pulumi.ComponentResourceOptions,
  ): Promise<provider.ConstructResult> {
    switch (type) {
      case 'stackyard:index:StaticSite': {
        const site = new StaticSite(name, plainInputs(type, inputs), options);
        return { urn: site.urn, state: { url: site.url, dir: site.dir } };
      }
      case 'stackyard:index:ServiceEnvironment': {
        const env = new ServiceEnvironment(
          name,
          plainInputs(type, inputs),
          options,
        );
        return {
          urn: env.urn,
          state: {
            dir: env.dir,
            endpoint: env.endpoint,
            size: env.size,
            replicas: env.replicas,
          },
        };
      }
      default:
        throw new Error(`unknown resource type ${type}`);
    }
  }
}

provider.main(new StackyardProvider(), process.argv.slice(2));
