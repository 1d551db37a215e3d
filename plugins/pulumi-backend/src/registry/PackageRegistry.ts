import type {
  PulumiPage,
  PulumiRegistryComponentPackage,
  PulumiRegistryPackage,
  PulumiRegistryStackUsage,
  PulumiRegistryTemplate,
  PulumiRegistryVersion,
  PulumiStackPackage,
} from '@stackyard/plugin-pulumi-common';
import type {
  DatabaseRegistryStore,
  PackageUse,
} from '../database/DatabaseRegistryStore';
import type { StackFilter } from '../database/StackStore';
import { decodeCursor, encodeCursor } from '../database/util';
import {
  compareVersionsDescending,
  isOutdated,
  newestVersion,
} from './versions';

/** A page of a registry list: by name, after the cursor's. */
export interface RegistryPage {
  limit: number;
  cursor?: string;
}

/** How the registry names a version that the state does not record. */
const UNKNOWN = 'unknown';

/**
 * The usage registry: which versions of each package and component type the stacks use, and which are
 * outdated, over the stacks that a filter keeps (the caller's readable stacks, and an owner; without a
 * filter, none). A version is
 * outdated when a newer one is in use anywhere in the fleet, or when it is below the package's configured
 * minimum (`pulumi.registry.minimumVersions`).
 */
export class PackageRegistry {
  constructor(
    private readonly options: {
      store: DatabaseRegistryStore;
      minimumVersions: Record<string, string>;
    },
  ) {}

  async listPackages(
    filter: StackFilter | undefined,
    page: RegistryPage,
  ): Promise<PulumiPage<PulumiRegistryPackage>> {
    const uses = await this.uses('provider', filter);
    const judge = await this.judge();
    const packages = groupBy(uses, u => u.package).map(([name, own]) =>
      summarize(name, own, judge(name)),
    );
    return pageOf(packages, p => p.name, page);
  }

  /** One package: its versions, and which stacks use each, page by page. */
  async getPackage(
    name: string,
    filter: StackFilter | undefined,
    page: RegistryPage,
  ): Promise<{
    package: PulumiRegistryPackage;
    stacks: PulumiPage<PulumiRegistryStackUsage>;
  }> {
    const uses = await this.uses('provider', filter, name);
    const bounds = (await this.judge())(name);
    const stacks = uses.map(u => ({
      stackRef: u.stackRef,
      backendId: u.backendId,
      project: u.project,
      stack: u.stack,
      version: u.version || UNKNOWN,
      outdated: isOutdated(u.version, bounds),
      ...(u.owner ? { owner: u.owner } : {}),
    }));
    return {
      package: summarize(name, uses, bounds),
      stacks: pageOf(stacks, s => `${s.stackRef}\0${s.version}`, page),
    };
  }

  /** The component types, grouped by the package that serves them. */
  async listComponents(
    filter: StackFilter | undefined,
    page: RegistryPage,
  ): Promise<PulumiPage<PulumiRegistryComponentPackage>> {
    const uses = await this.uses('component', filter);
    const judge = await this.judge();
    const packages = groupBy(uses, u => u.package).map(([name, own]) => ({
      package: name,
      types: groupBy(own, u => u.type).map(([type, ofType]) => ({
        type,
        versions: versionsOf(ofType, judge(name)),
        stacks: new Set(ofType.map(u => u.stackRef)).size,
        resources: ofType.reduce((n, u) => n + u.resources, 0),
      })),
    }));
    return pageOf(packages, p => p.package, page);
  }

  /** The templates that stacks were created from, with the versions they were created at. */
  async listTemplates(
    filter: StackFilter | undefined,
    page: RegistryPage,
  ): Promise<PulumiPage<PulumiRegistryTemplate>> {
    const uses = filter
      ? await this.options.store.listTemplateUses(filter)
      : [];
    const templates = groupBy(uses, u => u.template).map(([name, own]) => ({
      name,
      versions: groupBy(own, u => u.version)
        .map(([version, of]) => ({
          version: version || UNKNOWN,
          stacks: of.length,
        }))
        .sort((a, b) => b.stacks - a.stacks),
      stacks: own.length,
    }));
    return pageOf(templates, t => t.name, page);
  }

  /** What one stack uses, each marked when outdated. */
  async stackPackages(
    stackRef: string,
  ): Promise<Array<PulumiStackPackage & { outdated: boolean }>> {
    const judge = await this.judge();
    return (await this.options.store.stackPackages(stackRef)).map(p => ({
      ...p,
      outdated: isOutdated(p.version ?? '', judge(p.package)),
    }));
  }

  /** The uses over the stacks `filter` keeps: none without a filter, for a caller who may read no stack. */
  private async uses(
    kind: PulumiStackPackage['kind'],
    filter: StackFilter | undefined,
    name?: string,
  ): Promise<PackageUse[]> {
    return filter ? this.options.store.listUses(kind, filter, name) : [];
  }

  /** The bounds of each package's versions: the newest in use in the fleet, and the configured minimum. */
  private async judge() {
    const fleet = await this.options.store.fleetVersions();
    const { minimumVersions } = this.options;
    return (name: string) => ({
      latest: newestVersion(fleet.get(name) ?? []),
      minimum: minimumVersions[name],
    });
  }
}

type Bounds = { latest?: string; minimum?: string };

function summarize(
  name: string,
  uses: PackageUse[],
  bounds: Bounds,
): PulumiRegistryPackage {
  const outdated = uses.filter(u => isOutdated(u.version, bounds));
  return {
    name,
    ...(bounds.latest ? { latest: bounds.latest } : {}),
    ...(bounds.minimum ? { minimumVersion: bounds.minimum } : {}),
    versions: versionsOf(uses, bounds),
    stacks: new Set(uses.map(u => u.stackRef)).size,
    outdatedStacks: new Set(outdated.map(u => u.stackRef)).size,
  };
}

function versionsOf(
  uses: PackageUse[],
  bounds: Bounds,
): PulumiRegistryVersion[] {
  return groupBy(uses, u => u.version)
    .map(([version, own]) => ({
      version: version || UNKNOWN,
      stacks: new Set(own.map(u => u.stackRef)).size,
      outdated: isOutdated(version, bounds),
    }))
    .sort((a, b) => compareVersionsDescending(a.version, b.version));
}

function groupBy<T>(
  items: T[],
  key: (item: T) => string,
): Array<[string, T[]]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => byCodePoint(a, b));
}

/** The order of names that cursors follow: by code point, as `>` compares, whatever the database's collation. */
function byCodePoint(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** A page of `items` in the order of `key`, after the cursor's key; a bad cursor is a 400. */
function pageOf<T>(
  items: T[],
  key: (item: T) => string,
  page: RegistryPage,
): PulumiPage<T> {
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const sorted = [...items].sort((a, b) => byCodePoint(key(a), key(b)));
  const rest =
    after === undefined ? sorted : sorted.filter(i => key(i) > after);
  const slice = rest.slice(0, page.limit);
  return {
    items: slice,
    nextCursor:
      rest.length > page.limit
        ? encodeCursor(key(slice[slice.length - 1]))
        : undefined,
  };
}
