import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  parseDriftInterval,
  parseProjectSlug,
  PULUMI_DRIFT_INTERVAL_TAG,
  PULUMI_PROJECT_SLUG_ANNOTATION,
  PulumiStack,
  stringifyStackRef,
} from '@stackyard/plugin-pulumi-common';
import type { PulumiEngineService } from '@stackyard/plugin-pulumi-node';
import { StackLink, StackStore } from '../database/StackStore';

/** How many stacks' details are read from the engine at once. */
const DETAIL_CONCURRENCY = 2;

/**
 * Keeps the stack cache fresh: lists every backend's stacks (one CLI call per backend), re-reads the
 * resources and history only of stacks updated since the last sync, and links stacks to the catalog
 * entities that name them.
 */
export class StackSync {
  constructor(
    private readonly options: {
      engine: PulumiEngineService;
      stacks: StackStore;
      logger: LoggerService;
      catalog?: CatalogService;
      auth?: AuthService;
    },
  ) {}

  async syncAll(): Promise<void> {
    const { engine, logger } = this.options;
    for (const { id } of engine.listBackends()) {
      try {
        await this.syncBackend(id);
      } catch (error) {
        logger.warn(
          `Could not sync the stacks of backend '${id}'`,
          toMeta(error),
        );
      }
    }
    try {
      await this.syncLinks();
    } catch (error) {
      logger.warn('Could not link stacks to catalog entities', toMeta(error));
    }
  }

  async syncBackend(backendId: string): Promise<void> {
    const { engine, stacks, logger } = this.options;
    const listings = await engine.listStacks(backendId);
    await stacks.replaceBackendStacks(backendId, listings);
    await this.syncDriftIntervals(backendId);
    const stale = await stacks.listStaleStacks(backendId);
    let next = 0;
    const worker = async () => {
      while (next < stale.length) {
        const stack = stale[next++];
        try {
          await this.syncDetails(stack);
        } catch (error) {
          logger.warn(`Could not read the stack ${stack.ref}`, toMeta(error));
        }
      }
    };
    await Promise.all(Array.from({ length: DETAIL_CONCURRENCY }, worker));
    logger.debug(
      `Synced ${listings.length} stacks of backend '${backendId}', ${stale.length} of them changed`,
    );
  }

  /**
   * Reads the drift check periods that stacks set with their `stackyard:drift-interval` tag. Tags change
   * without an update, so this runs on every sync; it costs one CLI call for the backend, plus one for each
   * stack that has the tag, not one for every stack.
   */
  private async syncDriftIntervals(backendId: string): Promise<void> {
    const { engine, stacks, logger } = this.options;
    const tagged = await engine.listStacks(backendId, {
      tag: PULUMI_DRIFT_INTERVAL_TAG,
    });
    const intervals: Record<string, number> = {};
    for (const listing of tagged) {
      const ref = stringifyStackRef(listing);
      try {
        const value = (await engine.getStackTags(listing))[
          PULUMI_DRIFT_INTERVAL_TAG
        ];
        if (value === undefined) continue;
        const parsed = parseDriftInterval(value);
        if (parsed.ok) {
          intervals[ref] = parsed.seconds;
        } else {
          logger.warn(
            `Stack ${ref} follows pulumi.drift.interval: ${parsed.message}`,
          );
        }
      } catch (error) {
        logger.warn(`Could not read the tags of stack ${ref}`, toMeta(error));
      }
    }
    await stacks.setDriftIntervals(backendId, intervals);
  }

  private async syncDetails(stack: PulumiStack): Promise<void> {
    const { engine, stacks } = this.options;
    const ref = {
      backendId: stack.backendId,
      project: stack.project,
      stack: stack.stack,
    };
    const [state, history] = await Promise.all([
      engine.exportState(ref),
      engine.getHistory(ref, { pageSize: 20 }),
    ]);
    await stacks.saveStackDetails(stack.ref, { state, history });
  }

  /** Links every stack to the catalog entities whose `pulumi.com/project-slug` names it. */
  async syncLinks(): Promise<void> {
    const { catalog, auth, stacks, logger } = this.options;
    if (!catalog || !auth) {
      return;
    }
    const { items: entities } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${PULUMI_PROJECT_SLUG_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
          'spec.owner',
        ],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const all: PulumiStack[] = [];
    let cursor: string | undefined;
    do {
      const page = await stacks.listStacks({}, { limit: 500, cursor });
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);

    const links: StackLink[] = [];
    for (const entity of entities) {
      const entityRef = stringifyEntityRef(entity);
      const parsed = parseProjectSlug(
        entity.metadata.annotations?.[PULUMI_PROJECT_SLUG_ANNOTATION] ?? '',
      );
      if (!parsed.ok) {
        logger.warn(
          `${entityRef} has a malformed ${PULUMI_PROJECT_SLUG_ANNOTATION}: ${parsed.message}`,
        );
        continue;
      }
      const ownerRef = ownerOf(entity);
      for (const selector of parsed.selectors) {
        for (const stack of all) {
          if (
            (!selector.backendId || selector.backendId === stack.backendId) &&
            sameOrganization(selector.organization, stack.organization) &&
            selector.project === stack.project &&
            (!selector.stack || selector.stack === stack.stack)
          ) {
            links.push({ stackRef: stack.ref, entityRef, ownerRef });
          }
        }
      }
    }
    await stacks.replaceLinks(links);
  }
}

/** Self-managed backends have no organizations: their stacks all say `organization`, which any slug's organization matches. */
function sameOrganization(wanted: string, actual: string): boolean {
  return wanted === actual || actual === 'organization';
}

function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner === '') {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function toMeta(error: unknown) {
  return { error: error instanceof Error ? error.message : String(error) };
}
