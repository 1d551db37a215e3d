import { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  projectStoreFolder,
  projectStoreUrl,
  type ProjectStore,
  type PulumiEngineService,
  type StackRef,
} from '@stackyard/plugin-pulumi-node';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';

/**
 * What goes with the last stack of a project that a template created: the project's folder in the
 * project store (its publication), and the catalog locations that registered its `catalog-info.yaml`, with
 * their entities.
 */
export class ProjectRetirement {
  constructor(
    private readonly options: {
      engine: PulumiEngineService;
      store?: ProjectStore;
      catalog?: CatalogService;
      auth?: AuthService;
    },
  ) {}

  /**
   * Unpublishes and unregisters the project of `ref`, once no stack of it is left in its backend. Returns
   * the catalog entities it removed.
   */
  async retire(ref: StackRef): Promise<string[]> {
    const { engine, store } = this.options;
    const left = (await engine.listStacks(ref.backendId)).filter(
      s => s.project === ref.project,
    );
    if (left.length > 0 || !store) return [];
    const folder = projectStoreFolder(store, ref.project);
    if (!existsSync(folder)) return [];
    const removed = await this.unregister(projectStoreUrl(folder));
    await rm(folder, { recursive: true, force: true });
    return removed;
  }

  /** Removes the catalog locations under `url`, and the entities they brought. */
  private async unregister(url: string): Promise<string[]> {
    const { catalog, auth } = this.options;
    if (!catalog || !auth) return [];
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getLocations({}, { credentials });
    const removed: string[] = [];
    for (const location of items.filter(
      l => l.target === url || l.target.startsWith(`${url}/`),
    )) {
      const { items: entities } = await catalog.getEntities(
        {
          filter: {
            'metadata.annotations.backstage.io/managed-by-origin-location': `${location.type}:${location.target}`,
          },
        },
        { credentials },
      );
      await catalog.removeLocationById(location.id, { credentials });
      for (const entity of entities) {
        if (!entity.metadata.uid) continue;
        await catalog.removeEntityByUid(entity.metadata.uid, { credentials });
        removed.push(
          `${entity.kind.toLowerCase()}:${
            entity.metadata.namespace ?? 'default'
          }/${entity.metadata.name}`,
        );
      }
    }
    return removed;
  }
}
