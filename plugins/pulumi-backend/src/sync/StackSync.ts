import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  mapConcurrently,
  parseDriftInterval,
  parseProjectSlug,
  PULUMI_DRIFT_INTERVAL_TAG,
  PULUMI_PROJECT_SLUG_ANNOTATION,
  PULUMI_TEMPLATE_TAG,
  PULUMI_TEMPLATE_VERSION_TAG,
  PulumiStack,
  stringifyStackRef,
} from '@stackyard/plugin-pulumi-common';
import {
  normalizeOwnerRef,
  type PulumiEngineService,
  type StackListing,
} from '@stackyard/plugin-pulumi-node';
import { StackLink, StackStore } from '../database/StackStore';
import type { StackTemplate } from '../database/stackTemplates';

/** How many stacks' details (or tags) are read from the engine at once. */
const DETAIL_CONCURRENCY = 2;

/** Runs `fn` for each item, `DETAIL_CONCURRENCY` at a time. */
const forEachConcurrently = <T>(items: T[], fn: (item: T) => Promise<void>) =>
  mapConcurrently(items, DETAIL_CONCURRENCY, fn);

/** The template a stack's tags say it was created from, clipped to what the columns hold. */
function templateOf(tags: Record<string, string>): StackTemplate | undefined {
  const template = tags[PULUMI_TEMPLATE_TAG];
  if (!template) return undefined;
  const version = tags[PULUMI_TEMPLATE_VERSION_TAG];
  return {
    template: template.slice(0, 255),
    ...(version ? { version: version.slice(0, 64) } : {}),
  };
}

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
      /** The stack tag that names a stack's owner, as the catalog module reads it too. */
      ownerTag: string;
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
    await this.syncTags(backendId);
    const stale = await stacks.listStaleStacks(backendId);
    await forEachConcurrently(stale, async stack => {
      try {
        await this.syncDetails(stack);
      } catch (error) {
        logger.warn(`Could not read the stack ${stack.ref}`, toMeta(error));
      }
    });
    logger.debug(
      `Synced ${listings.length} stacks of backend '${backendId}', ${stale.length} of them changed`,
    );
  }

  /**
   * Reads the tags that stacks set for Stackyard: their own drift check period
   * (`stackyard:drift-interval`), their owner (the owner tag) and the template they were created from
   * (`stackyard:template`). Tags change without an update,
   * so this runs on every sync; it costs one CLI call for the backend per tag name, plus one for each
   * stack that has either tag, not one for every stack.
   */
  private async syncTags(backendId: string): Promise<void> {
    const { engine, stacks, logger, ownerTag } = this.options;
    const tagged = new Map<string, StackListing>();
    for (const tag of [
      PULUMI_DRIFT_INTERVAL_TAG,
      ownerTag,
      PULUMI_TEMPLATE_TAG,
    ]) {
      for (const listing of await engine.listStacks(backendId, { tag })) {
        tagged.set(stringifyStackRef(listing), listing);
      }
    }
    const intervals: Record<string, number> = {};
    const owners: Record<string, string> = {};
    const templates: Record<string, StackTemplate> = {};
    await forEachConcurrently([...tagged], async ([ref, listing]) => {
      let tags: Record<string, string>;
      try {
        tags = await engine.getStackTags(listing);
      } catch (error) {
        logger.warn(`Could not read the tags of stack ${ref}`, toMeta(error));
        return;
      }
      const interval = tags[PULUMI_DRIFT_INTERVAL_TAG];
      if (interval !== undefined) {
        const parsed = parseDriftInterval(interval);
        if (parsed.ok) {
          intervals[ref] = parsed.seconds;
        } else {
          logger.warn(
            `Stack ${ref} follows pulumi.drift.interval: ${parsed.message}`,
          );
        }
      }
      const template = templateOf(tags);
      if (template) templates[ref] = template;
      const owner = tags[ownerTag];
      if (owner !== undefined) {
        try {
          owners[ref] = normalizeOwnerRef(owner);
        } catch (error) {
          logger.warn(
            `Stack ${ref} has a ${ownerTag} tag that is not an entity ref (${JSON.stringify(
              owner,
            )}: ${
              (error as Error).message
            }); its owner comes from its catalog entities instead`,
          );
        }
      }
    });
    await stacks.setDriftIntervals(backendId, intervals);
    await stacks.setOwnerTags(backendId, owners);
    await stacks.setStackTemplates(backendId, templates);
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

  /**
   * Links every stack to the catalog entities whose `pulumi.com/project-slug` names it; a stack without an
   * owner tag takes the owner of the first of them.
   */
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

/** The entity's `spec.owner` as a ref; a bare name is a group in the entity's namespace, as in the catalog. */
function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner === '') {
    return undefined;
  }
  try {
    return normalizeOwnerRef(owner, {
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
  } catch {
    return undefined;
  }
}

function toMeta(error: unknown) {
  return { error: error instanceof Error ? error.message : String(error) };
}
