import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  EntityLink,
  ResourceEntity,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  mapConcurrently,
  PULUMI_PROJECT_SLUG_ANNOTATION,
  stringifyStackRef,
} from '@stackyard/plugin-pulumi-common';
import {
  PulumiEngineService,
  readStateBackends,
  StackListing,
} from '@stackyard/plugin-pulumi-node';
import {
  PulumiProviderConfig,
  readProviderConfig,
  StackRelations,
  toEntityRef,
} from './providerConfig';
import { stackEntityName } from './stackEntityName';

/** How many engine calls (tags, state) one provider makes at once. */
const CONCURRENCY = 4;

const forEachConcurrently = <T>(items: T[], fn: (item: T) => Promise<void>) =>
  mapConcurrently(items, CONCURRENCY, fn);

/**
 * Puts the stacks of one configured state backend into the catalog, as `Resource` entities of type
 * `pulumi-stack`. There is one provider per backend, each with its own full mutations, so that a backend
 * that cannot be read keeps its entities and never empties those of the others.
 *
 * Owner, system and component come from stack tags, else from the first matching rule of config, else (for
 * the owner) from the default owner. Stack references in the state become `dependsOn` relations.
 *
 * Engine calls per refresh: one stack list, one tag-filtered list per tag name, the tags of each tagged
 * stack (kept while the stack is unchanged, for up to `tagsMaxAge`), and the state of each stack updated
 * since the last refresh (for its stack references).
 *
 * @public
 */
export class PulumiEntityProvider implements EntityProvider {
  /** One provider for each backend of `pulumi.backends`. */
  static fromConfig(
    config: Config,
    options: {
      logger: LoggerService;
      scheduler: SchedulerService;
      engine: () => Promise<PulumiEngineService>;
      /** By default, a runner on the configured schedule. */
      taskRunner?: SchedulerServiceTaskRunner;
    },
  ): PulumiEntityProvider[] {
    const providerConfig = readProviderConfig(config);
    return readStateBackends(config).map(
      backend =>
        new PulumiEntityProvider({
          backendId: backend.id,
          config: providerConfig,
          logger: options.logger,
          engine: options.engine,
          taskRunner:
            options.taskRunner ??
            options.scheduler.createScheduledTaskRunner(
              providerConfig.schedule,
            ),
        }),
    );
  }

  private connection?: EntityProviderConnection;
  private readonly tagCache = new Map<
    string,
    { lastUpdate?: string; readAt: number; tags: Record<string, string> }
  >();
  private readonly referenceCache = new Map<
    string,
    { lastUpdate?: string; references: string[] }
  >();

  private constructor(
    private readonly options: {
      backendId: string;
      config: PulumiProviderConfig;
      logger: LoggerService;
      engine: () => Promise<PulumiEngineService>;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return `PulumiEntityProvider:${this.options.backendId}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /**
   * Reads every stack of the backend and replaces this provider's entities with them. When the backend
   * cannot be read, the entities stay as they were.
   */
  async refresh(): Promise<void> {
    if (!this.connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    let entities: DeferredEntity[];
    try {
      entities = await this.read();
    } catch (error) {
      this.options.logger.warn(
        `Could not read the stacks of Pulumi backend '${this.options.backendId}'; its catalog entities are kept as they were: ${error}`,
      );
      return;
    }
    await this.connection.applyMutation({ type: 'full', entities });
    this.options.logger.info(
      `Pulumi backend '${this.options.backendId}': ${entities.length} stacks in the catalog`,
    );
  }

  /** The entities of every stack of the backend. */
  async read(): Promise<DeferredEntity[]> {
    const { backendId, config } = this.options;
    const engine = await this.options.engine();
    const listings = await engine.listStacks(backendId);
    const [tags, references] = [
      await this.readTags(engine, listings),
      await this.readReferences(engine, listings),
    ];
    const location = `pulumi-provider:${this.getProviderName()}`;
    return listings.map(listing => {
      const ref = stringifyStackRef(listing);
      const relations = this.relationsOf(listing, tags.get(ref) ?? {});
      const dependsOn = (references.get(ref) ?? []).flatMap(name => {
        const target = resolveReference(name, listing, listings);
        return target ? [`resource:default/${stackEntityName(target)}`] : [];
      });
      const links: EntityLink[] = [];
      if (config.appBaseUrl) {
        links.push({
          url: `${config.appBaseUrl}/pulumi/stacks/${backendId}/${listing.project}/${listing.stack}`,
          title: 'Stack in Backstage',
          icon: 'dashboard',
        });
      }
      if (listing.consoleUrl) {
        links.push({
          url: listing.consoleUrl,
          title: 'Pulumi Cloud console',
          icon: 'cloud',
        });
      }
      const entity: ResourceEntity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: stackEntityName(listing),
          title: `${listing.project}/${listing.stack} (${backendId})`,
          description: `Pulumi stack ${listing.stack} of project ${listing.project} in the state backend ${backendId}`,
          annotations: {
            [ANNOTATION_LOCATION]: location,
            [ANNOTATION_ORIGIN_LOCATION]: location,
            [PULUMI_PROJECT_SLUG_ANNOTATION]: ref,
          },
          tags: ['pulumi'],
          ...(links.length > 0 ? { links } : {}),
        },
        spec: {
          type: 'pulumi-stack',
          owner: relations.owner ?? config.defaultOwner,
          ...(relations.system ? { system: relations.system } : {}),
          ...(relations.component
            ? { dependencyOf: [relations.component] }
            : {}),
          ...(dependsOn.length > 0
            ? { dependsOn: [...new Set(dependsOn)] }
            : {}),
        },
      };
      return { entity, locationKey: location };
    });
  }

  /** Owner, system and component: from the stack's tags, else from the first rule that sets each. */
  private relationsOf(
    listing: StackListing,
    tags: Record<string, string>,
  ): StackRelations {
    const { config, logger } = this.options;
    const relations: StackRelations = {};
    for (const relation of ['owner', 'system', 'component'] as const) {
      const tagName = config.tags[relation];
      const value = tags[tagName];
      if (value !== undefined && value.trim() !== '') {
        try {
          relations[relation] = toEntityRef(value, relation);
          continue;
        } catch (error) {
          logger.warn(
            `Stack ${stringifyStackRef(
              listing,
            )} has a malformed tag ${tagName}: ${error}`,
          );
        }
      }
      relations[relation] = config.rules.find(
        rule =>
          rule[relation] &&
          (!rule.backend || rule.backend === listing.backendId) &&
          (!rule.project || rule.project === listing.project),
      )?.[relation];
    }
    return relations;
  }

  /** The relation tags of every stack that has one, by stack ref. */
  private async readTags(
    engine: PulumiEngineService,
    listings: StackListing[],
  ): Promise<Map<string, Record<string, string>>> {
    const { backendId, config, logger } = this.options;
    const names = [...new Set(Object.values(config.tags))];
    const holders = new Map<string, Set<string>>();
    for (const name of names) {
      const tagged = await engine.listStacks(backendId, { tag: name });
      holders.set(name, new Set(tagged.map(stringifyStackRef)));
    }
    const now = Date.now();
    const result = new Map<string, Record<string, string>>();
    const seen = new Set<string>();
    await forEachConcurrently(listings, async listing => {
      const ref = stringifyStackRef(listing);
      seen.add(ref);
      const has = names.filter(name => holders.get(name)!.has(ref));
      if (has.length === 0) {
        this.tagCache.delete(ref);
        return;
      }
      const cached = this.tagCache.get(ref);
      if (
        cached &&
        cached.lastUpdate === listing.lastUpdate &&
        now - cached.readAt < config.tagsMaxAgeMs &&
        names.every(name => name in cached.tags === has.includes(name))
      ) {
        result.set(ref, cached.tags);
        return;
      }
      try {
        const all = await engine.getStackTags(listing);
        const tags = Object.fromEntries(
          names.flatMap(name => (name in all ? [[name, all[name]]] : [])),
        );
        this.tagCache.set(ref, {
          lastUpdate: listing.lastUpdate,
          readAt: now,
          tags,
        });
        result.set(ref, tags);
      } catch (error) {
        logger.warn(`Could not read the tags of stack ${ref}: ${error}`);
        if (cached) result.set(ref, cached.tags);
      }
    });
    for (const ref of this.tagCache.keys()) {
      if (!seen.has(ref)) this.tagCache.delete(ref);
    }
    return result;
  }

  /** The stack references in each stack's state, read again only for stacks updated since. */
  private async readReferences(
    engine: PulumiEngineService,
    listings: StackListing[],
  ): Promise<Map<string, string[]>> {
    const { logger } = this.options;
    const result = new Map<string, string[]>();
    const seen = new Set<string>();
    await forEachConcurrently(listings, async listing => {
      const ref = stringifyStackRef(listing);
      seen.add(ref);
      const cached = this.referenceCache.get(ref);
      if (cached && cached.lastUpdate === listing.lastUpdate) {
        result.set(ref, cached.references);
        return;
      }
      if (!listing.lastUpdate) {
        result.set(ref, []);
        return;
      }
      try {
        const { stackReferences } = await engine.exportState(listing);
        this.referenceCache.set(ref, {
          lastUpdate: listing.lastUpdate,
          references: stackReferences,
        });
        result.set(ref, stackReferences);
      } catch (error) {
        logger.warn(`Could not read the state of stack ${ref}: ${error}`);
        if (cached) result.set(ref, cached.references);
      }
    });
    for (const ref of this.referenceCache.keys()) {
      if (!seen.has(ref)) this.referenceCache.delete(ref);
    }
    return result;
  }
}

/**
 * The stack that a stack reference names, among the backend's stacks: `stack` is in the same project,
 * `project/stack` in the same organization.
 */
export function resolveReference(
  name: string,
  from: StackListing,
  listings: StackListing[],
): StackListing | undefined {
  const parts = name.split('/');
  const [organization, project, stack] = [from.organization, from.project]
    .slice(0, Math.max(0, 3 - parts.length))
    .concat(parts);
  return listings.find(
    l =>
      l.organization === organization &&
      l.project === project &&
      l.stack === stack,
  );
}
