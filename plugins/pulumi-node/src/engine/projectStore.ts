import { pathToFileURL } from 'node:url';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PULUMI_NAME_PATTERN } from '@stackyard/plugin-pulumi-common';
import { ProjectFolder, readProjectFolder } from './projectFolders';

/**
 * The project store: a folder on the backend's machine where `pulumi:project:publish` keeps the projects
 * that templates create, one folder per Pulumi project (`<store>/<project>`), with its `catalog-info.yaml`.
 * It stands in for a Git host where there is none: the catalog reads entities from it through the store's
 * URL reader, and preview, up and drift checks run the programs from it.
 *
 * @public
 */
export interface ProjectStore {
  /** The store's absolute path. */
  dir: string;
}

/**
 * Reads `pulumi.projectStore.dir`, absolute or relative to the backend's working directory; undefined when
 * no store is configured. The folder is created on first publish.
 *
 * @public
 */
export function readProjectStore(config: Config): ProjectStore | undefined {
  const dir = config.getOptionalString('pulumi.projectStore.dir');
  if (dir === undefined) return undefined;
  if (dir.trim() === '') {
    throw new InputError('pulumi.projectStore.dir must name a folder');
  }
  return { dir: path.resolve(dir) };
}

/**
 * The folder of one project in the store, `<store>/<project>`. The project name is checked by Pulumi's
 * rules, so the folder is always inside the store.
 *
 * @public
 */
export function projectStoreFolder(store: ProjectStore, project: string) {
  if (!PULUMI_NAME_PATTERN.test(project) || project === '..') {
    throw new InputError(`project '${project}' is not a valid project name`);
  }
  return path.join(store.dir, project);
}

/**
 * The Pulumi project that the store holds for a project name: the `Pulumi.yaml` at the top of
 * `<store>/<project>`, or in one of its subfolders (such as `infra/`), whose name is the project's.
 *
 * @public
 */
export function findStoredProject(
  store: ProjectStore,
  project: string,
): ProjectFolder | undefined {
  if (!PULUMI_NAME_PATTERN.test(project)) return undefined;
  const root = path.join(store.dir, project);
  if (!existsSync(root) || !statSync(root).isDirectory()) return undefined;
  const candidates = [
    root,
    ...readdirSync(root, { withFileTypes: true })
      .filter(e => e.isDirectory() && !e.name.startsWith('.'))
      .map(e => path.join(root, e.name))
      .sort(),
  ];
  for (const dir of candidates) {
    if (!existsSync(path.join(dir, 'Pulumi.yaml'))) continue;
    const folder = readProjectFolder(dir, 'pulumi.projectStore.dir');
    if (folder.name === project) return folder;
  }
  return undefined;
}

/**
 * The `file://` URL of a path in the project store, as the catalog reads it (through the catalog module's
 * store URL reader) and the scaffolder's `pulumi:project:publish` links it.
 *
 * @public
 */
export function projectStoreUrl(file: string): string {
  return pathToFileURL(file).href;
}
