import * as pulumi from '@pulumi/pulumi';
import { assertPathName, resolveBaseDir } from './baseDir';
import { FileSet } from './localFile';

/** The sizes of a service's instances, with what each gets. */
export const SERVICE_SIZES = {
  small: { cpu: 0.5, memoryMb: 512 },
  medium: { cpu: 1, memoryMb: 2048 },
  large: { cpu: 4, memoryMb: 8192 },
} as const;

/** A size of {@link SERVICE_SIZES}. */
export type ServiceSize = keyof typeof SERVICE_SIZES;

/** The options of a {@link ServiceEnvironment}. */
export interface ServiceEnvironmentArgs {
  /** The environment, such as dev or prod; by default the stack's name. */
  environment?: string;
  /** The size of each instance: small, medium or large. Default small. */
  size?: ServiceSize;
  /** How many instances run. Default 1. */
  replicas?: number;
  /** Environment variables of the service, besides those the environment sets itself. */
  variables?: Record<string, string>;
  /** Labels such as `owner`; the policy pack requires `owner`. */
  tags?: Record<string, string>;
  /** The folder under which environments live; by default the stack config `stackyard:dataDir`. */
  baseDir?: string;
}

/**
 * Where a service runs in one environment: its environment file, its resource limits, and one slot per
 * instance, each a resource of its own, so that scaling adds and removes resources and hand edits drift.
 */
export class ServiceEnvironment extends pulumi.ComponentResource {
  /** The folder that holds the environment. */
  readonly dir: pulumi.Output<string>;
  /** Where the service answers. */
  readonly endpoint: pulumi.Output<string>;
  /** The instance size. */
  readonly size: pulumi.Output<string>;
  /** How many instances run. */
  readonly replicas: pulumi.Output<number>;

  constructor(
    name: string,
    args: ServiceEnvironmentArgs = {},
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const environment = args.environment ?? pulumi.getStack();
    const size = args.size ?? 'small';
    const replicas = args.replicas ?? 1;
    const tags = args.tags ?? {};
    const variables = args.variables ?? {};
    super(
      'stackyard:index:ServiceEnvironment',
      name,
      { environment, size, replicas, tags, variables },
      opts,
    );
    assertPathName('name', name);
    assertPathName('environment', environment);
    if (!(size in SERVICE_SIZES)) {
      throw new Error(
        `size '${size}' is not one of ${Object.keys(SERVICE_SIZES).join(', ')}`,
      );
    }
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 50) {
      throw new Error(
        `replicas must be a whole number from 1 to 50, not ${replicas}`,
      );
    }
    for (const key of Object.keys(variables)) {
      if (!/^[A-Z_][A-Z0-9_]*$/.test(key)) {
        throw new Error(
          `variables: '${key}' is not an environment variable name`,
        );
      }
    }
    // One folder per stack and component, so that stacks never share a file.
    const dir = `${resolveBaseDir(
      args.baseDir,
    )}/${pulumi.getProject()}/${pulumi.getStack()}/${name}`;
    const endpoint = `http://${name}.${environment}.internal:8080`;
    const env = {
      SERVICE_NAME: name,
      ENVIRONMENT: environment,
      ...variables,
    };
    const files: Record<string, string> = {
      'service.env': Object.entries(env)
        .map(([key, value]) => `${key}=${JSON.stringify(value)}\n`)
        .join(''),
      'limits.json': `${JSON.stringify(
        { size, ...SERVICE_SIZES[size], replicas },
        null,
        2,
      )}\n`,
      'tags.json': `${JSON.stringify(tags, null, 2)}\n`,
    };
    for (let i = 0; i < replicas; i++) {
      files[`instance-${i}.json`] = `${JSON.stringify({
        instance: i,
        endpoint,
      })}\n`;
    }
    const set = new FileSet(name, { dir, files }, { parent: this });
    this.dir = set.dir;
    this.endpoint = pulumi.output(endpoint);
    this.size = pulumi.output(size);
    this.replicas = pulumi.output(replicas);
    this.registerOutputs({
      dir: this.dir,
      endpoint: this.endpoint,
      size: this.size,
      replicas: this.replicas,
    });
  }
}
