import {
  LoggerService,
  SchedulerService,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskRunner,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ResourceEntity,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { PULUMI_PROJECT_SLUG_ANNOTATION } from '@stackyard/plugin-pulumi-common';
import {
  PulumiEngineClient,
  StackListing,
} from '@stackyard/plugin-pulumi-node';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
};

/** The catalog's name rules: at most 63 of `[a-z0-9A-Z-_.]`, starting and ending alphanumeric. */
export function stackEntityName(stack: StackListing): string {
  const raw = `${stack.backendId}--${stack.project}--${stack.stack}`
    .replace(/[^A-Za-z0-9-_.]/g, '-')
    .toLowerCase();
  if (raw.length <= 63) return raw;
  // Long names keep a stable hash suffix, so that two long names never collide.
  let hash = 0;
  for (const ch of raw) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) >>> 0;
  return `${raw.slice(0, 54).replace(/[-_.]+$/, '')}-${hash.toString(36)}`;
}

/**
 * Puts every stack of every configured state backend into the catalog as a `Resource` of type
 * `pulumi-stack`.
 *
 * @public
 */
export class PulumiEntityProvider implements EntityProvider {
  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      taskRunner?: SchedulerServiceTaskRunner;
      scheduler: SchedulerService;
      client: () => Promise<PulumiEngineClient>;
    },
  ): PulumiEntityProvider {
    const providerConfig = config.getOptionalConfig('catalog.providers.pulumi');
    const schedule = providerConfig?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          providerConfig.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE;
    return new PulumiEntityProvider({
      logger: options.logger,
      taskRunner:
        options.taskRunner ??
        options.scheduler.createScheduledTaskRunner(schedule),
      client: options.client,
      defaultOwner:
        providerConfig?.getOptionalString('defaultOwner') ??
        'group:default/platform',
    });
  }

  private connection?: EntityProviderConnection;

  private constructor(
    private readonly options: {
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      client: () => Promise<PulumiEngineClient>;
      defaultOwner: string;
    },
  ) {}

  getProviderName() {
    return 'PulumiEntityProvider';
  }

  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** Reads every stack and replaces this provider's entities with them. */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error('PulumiEntityProvider is not connected');
    }
    const entities = await this.read();
    await this.connection.applyMutation({ type: 'full', entities });
    this.options.logger.info(
      `Pulumi stacks in the catalog: ${entities.length}`,
    );
  }

  async read(): Promise<DeferredEntity[]> {
    const client = await this.options.client();
    const location = `pulumi-provider:${this.getProviderName()}`;
    const entities: DeferredEntity[] = [];
    for (const backend of client.listBackends()) {
      for (const stack of await client.listStacks(backend.id)) {
        const entity: ResourceEntity = {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: {
            name: stackEntityName(stack),
            title: `${stack.project}/${stack.stack}`,
            description: `Pulumi stack ${stack.stack} of project ${stack.project} in backend ${stack.backendId}`,
            annotations: {
              [ANNOTATION_LOCATION]: location,
              [ANNOTATION_ORIGIN_LOCATION]: location,
              [PULUMI_PROJECT_SLUG_ANNOTATION]: `${stack.backendId}:${stack.organization}/${stack.project}/${stack.stack}`,
            },
            tags: ['pulumi'],
          },
          spec: { type: 'pulumi-stack', owner: this.options.defaultOwner },
        };
        entities.push({ entity, locationKey: location });
      }
    }
    return entities;
  }
}
