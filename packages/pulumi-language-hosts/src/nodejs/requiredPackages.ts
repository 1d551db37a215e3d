import { promises as fs } from 'node:fs';
import path from 'node:path';
import { messageOf } from '../common/errors';
import {
  parameterization,
  PluginJsonParameterization,
} from '../common/pluginJson';
import type { RequiredPackage } from '../common/types';

/** What a walk of the program's folder found. */
export interface RequiredPackagesResult {
  packages: RequiredPackage[];
  /** The version of every copy of `@pulumi/pulumi`, by the path of its package.json. */
  sdkVersions: Map<string, string>;
  /** Problems with single folders or files; the walk goes on past them, as the Go host's does. */
  errors: string[];
}

interface PluginSection {
  resource?: boolean;
  name?: string;
  version?: string;
  server?: string;
  parameterization?: PluginJsonParameterization;
  extensionParameterization?: PluginJsonParameterization;
}

interface PackageJson {
  name?: string;
  version?: string;
  pulumi?: PluginSection;
}

/**
 * Walks the program's folder, following symbolic links once, and collects every installed package (the
 * package.json at the root of a package in a node_modules folder, at any depth of nesting) whose `pulumi`
 * section (or, failing that, a pulumi-plugin.json beside it) says `resource: true`. Nested policy packs
 * (folders with a PulumiPolicy.yaml) are skipped: their plugins are not the program's.
 *
 * The Go host reads every package.json anywhere under node_modules; only those at a package's root stand
 * for an installed package, so this reads just those, and does not walk the files of every package, which
 * takes seconds in a large node_modules.
 */
export async function findRequiredPackages(
  programDirectory: string,
): Promise<RequiredPackagesResult> {
  const result: RequiredPackagesResult = {
    packages: [],
    sdkVersions: new Map(),
    errors: [],
  };
  await walkSources(path.resolve(programDirectory), new Set(), result);
  return result;
}

/** The folders of `dir`, symbolic links to folders resolved; each folder once per walk. */
async function subfolders(
  dir: string,
  visited: Set<string>,
  result: RequiredPackagesResult,
): Promise<Array<{ name: string; dir: string }>> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    result.errors.push(`reading plugin dir ${dir}: ${messageOf(error)}`);
    return [];
  }
  const folders: Array<{ name: string; dir: string }> = [];
  for (const entry of entries) {
    let current = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        current = await fs.realpath(current);
        isDir = (await fs.stat(current)).isDirectory();
      } catch (error) {
        result.errors.push(
          `resolving link in plugin dir ${current}: ${messageOf(error)}`,
        );
        continue;
      }
    }
    if (isDir && !visited.has(current)) {
      visited.add(current);
      folders.push({ name: entry.name, dir: current });
    }
  }
  return folders;
}

/** The program's own folders: their node_modules folders hold packages. */
async function walkSources(
  dir: string,
  visited: Set<string>,
  result: RequiredPackagesResult,
): Promise<void> {
  for (const folder of await subfolders(dir, visited, result)) {
    if (folder.name === 'node_modules') {
      await walkNodeModules(folder.dir, visited, result);
    } else if (!(await isPolicyPack(folder.dir))) {
      await walkSources(folder.dir, visited, result);
    }
  }
}

/** A node_modules folder: packages, scopes of packages, and the node_modules nested in packages. */
async function walkNodeModules(
  dir: string,
  visited: Set<string>,
  result: RequiredPackagesResult,
): Promise<void> {
  for (const folder of await subfolders(dir, visited, result)) {
    if (folder.name.startsWith('.')) continue;
    if (folder.name.startsWith('@')) {
      await walkNodeModules(folder.dir, visited, result);
    } else if (!(await isPolicyPack(folder.dir))) {
      await readPackage(path.join(folder.dir, 'package.json'), result);
      const nested = path.join(folder.dir, 'node_modules');
      if (await isFolder(nested)) {
        await walkNodeModules(nested, visited, result);
      }
    }
  }
}

async function isFolder(dir: string): Promise<boolean> {
  try {
    return (await fs.stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

async function isPolicyPack(dir: string): Promise<boolean> {
  for (const ext of ['.json', '.yaml', '.yml']) {
    try {
      if ((await fs.stat(path.join(dir, `PulumiPolicy${ext}`))).isFile()) {
        return true;
      }
    } catch {
      // no such file
    }
  }
  return false;
}

async function readPackage(
  file: string,
  result: RequiredPackagesResult,
): Promise<void> {
  let info: PackageJson;
  try {
    info = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    // A folder without a package.json is no package (an empty folder that npm left, say).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    result.errors.push(
      `unmarshaling package.json ${file}: ${messageOf(error)}`,
    );
    return;
  }
  if (info.name === '@pulumi/pulumi' && info.version) {
    result.sdkVersions.set(file, info.version);
  }
  const section = info.pulumi?.resource
    ? info.pulumi
    : await readPluginJson(path.join(path.dirname(file), 'pulumi-plugin.json'));
  if (!section?.resource) {
    return;
  }
  try {
    result.packages.push(toRequiredPackage(info, section));
  } catch (error) {
    result.errors.push(
      `unmarshaling package.json ${file}: ${messageOf(error)}`,
    );
  }
}

async function readPluginJson(
  file: string,
): Promise<PluginSection | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The package a package.json with a `pulumi` section stands for, named and versioned as the Go host does. */
export function toRequiredPackage(
  info: PackageJson,
  section: PluginSection,
): RequiredPackage {
  return {
    name: pluginName(info, section),
    version: pluginVersion(info, section),
    server: section.server ?? '',
    parameterization: parameterization(section.parameterization),
    extension: parameterization(section.extensionParameterization),
  };
}

function pluginName(info: PackageJson, section: PluginSection): string {
  if (section.name) {
    return section.name;
  }
  if (!info.name) {
    throw new Error('missing expected "name" property');
  }
  if (info.name.startsWith('@pulumi/')) {
    return info.name.slice('@pulumi/'.length);
  }
  // Third-party packages must name their plugin: the npm name says nothing about it.
  throw new Error(
    `Missing property "name" for the third-party plugin '${info.name}' inside package.json under the "pulumi" section.`,
  );
}

function pluginVersion(info: PackageJson, section: PluginSection): string {
  const version = section.version || info.version;
  if (!version) {
    throw new Error('Missing expected "version" property');
  }
  return version.startsWith('v') ? version : `v${version}`;
}

/**
 * The warning the Go host prints when the program loads copies of `@pulumi/pulumi` whose major versions
 * differ, or undefined when they agree.
 */
export function incompatibleSdkWarning(
  sdkVersions: Map<string, string>,
): string | undefined {
  const [first, ...rest] = [...sdkVersions.entries()];
  for (const [file, version] of rest) {
    const message = incompatibility(version, first[1]);
    if (message) {
      return (
        `Found incompatible versions of @pulumi/pulumi. ${message}\n` +
        `  Version ${first[1]} referenced at ${first[0]}\n` +
        `  Version ${version} referenced at ${file}\n`
      );
    }
  }
  return undefined;
}

function incompatibility(a: string, b: string): string | undefined {
  const [aMajor, aMinor] = a.split('.').map(n => Number.parseInt(n, 10));
  const [bMajor, bMinor] = b.split('.').map(n => Number.parseInt(n, 10));
  if (aMajor === 0 && bMajor === 0) {
    return aMinor === bMinor
      ? undefined
      : 'Differing major or minor versions are not supported.';
  }
  if (aMajor >= 1 && aMajor <= 2 && bMajor >= 1 && bMajor <= 2) {
    return undefined;
  }
  if (aMajor > 2 || bMajor > 2) {
    return aMajor === bMajor
      ? undefined
      : 'Differing major versions are not supported.';
  }
  if (
    (aMajor === 1 && bMajor === 0 && bMinor === 17) ||
    (bMajor === 1 && aMajor === 0 && aMinor === 17)
  ) {
    return undefined;
  }
  return 'Differing major or minor versions are not supported.';
}
