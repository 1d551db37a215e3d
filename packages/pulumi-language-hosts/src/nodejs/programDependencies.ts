import { realpathSync } from 'node:fs';
import path from 'node:path';
import { exists } from '../common/files';
import { PackageManifest, readPackageManifest } from './manifest';
import { searchUpPackageManifest } from './packageManager';
import type { ProgramDependency } from '../common/types';

interface Installed {
  version: string;
  /** The package's real folder, from which its own dependencies resolve. */
  dir: string;
  manifest: PackageManifest;
}

/**
 * The program's dependencies with their installed versions: those its package.json declares
 * (`dependencies` and `devDependencies`), and with `transitive` everything they depend on in turn. Versions
 * come from the installed packages, found as Node.js resolves them (node_modules folders up from the
 * program, through pnpm's links), which works the same for every package manager. A declared dependency
 * that is not installed is reported with the range package.json gives. The Go host reads the lock file of
 * the chosen package manager instead, and fails when there is none.
 */
export function listProgramDependencies(
  programDirectory: string,
  transitive: boolean,
): ProgramDependency[] {
  const manifestFile = searchUpPackageManifest(programDirectory);
  if (!manifestFile) {
    throw new Error(
      `no package.json or package.yaml found searching up from ${programDirectory}`,
    );
  }
  const manifest = readPackageManifest(manifestFile);
  const projectDir = path.dirname(manifestFile);
  const declared = { ...manifest.devDependencies, ...manifest.dependencies };
  const result: ProgramDependency[] = [];
  const seen = new Set<string>();
  const queue: Installed[] = [];
  for (const [name, range] of Object.entries(declared)) {
    const installed = findInstalled(name, projectDir);
    result.push({ name, version: installed?.version ?? range });
    if (installed) {
      seen.add(installed.dir);
      queue.push(installed);
    }
  }
  if (!transitive) {
    return result;
  }
  const reported = new Set(result.map(d => `${d.name}@${d.version}`));
  for (let next = queue.shift(); next; next = queue.shift()) {
    const deps = {
      ...next.manifest.optionalDependencies,
      ...next.manifest.dependencies,
    };
    for (const name of Object.keys(deps)) {
      const installed = findInstalled(name, next.dir);
      if (!installed || seen.has(installed.dir)) {
        continue;
      }
      seen.add(installed.dir);
      queue.push(installed);
      const key = `${name}@${installed.version}`;
      if (!reported.has(key)) {
        reported.add(key);
        result.push({ name, version: installed.version });
      }
    }
  }
  return result;
}

/** The installed copy of a package that `require` from `fromDir` would load, found up the folders. */
export function findInstalled(
  name: string,
  fromDir: string,
): Installed | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name, 'package.json');
    if (exists(candidate)) {
      try {
        const manifest = readPackageManifest(candidate);
        return {
          version: manifest.version ?? '',
          dir: realpathSync(path.dirname(candidate)),
          manifest,
        };
      } catch {
        return undefined;
      }
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}
