import path from 'node:path';
import { exists, findExecutable, searchUp } from '../common/files';
import { logV } from '../common/log';
import type { PackageManagerChoice, PackageManagerName } from './options';

/** How to run one package manager. */
export interface PackageManager {
  /** The command name, as `pulumi about` reports it. */
  name: PackageManagerName;
  /** The executable found on the PATH. */
  executable: string;
  /** The arguments of an install. */
  installArgs: string[];
  /**
   * Yarn prints warnings such as "No license field" on stderr even when it succeeds, so its stderr is
   * shown only when the install fails.
   */
  stderrOnFailureOnly: boolean;
  /** How often an install is tried; yarn retries, as the Go host's yarn does. */
  attempts: number;
}

const packageManifestNames = ['package.json', 'package.yaml'];

const installArgs: Record<PackageManagerName, string[]> = {
  // --loglevel=error keeps npm from warning about missing description, repository and license fields.
  npm: ['install', '--loglevel=error'],
  yarn: ['install'],
  pnpm: ['install', '--use-stderr'],
  bun: ['install'],
};

/** The nearest package.json or package.yaml in `start` or above, as the Go host's npm package finds it. */
export function searchUpPackageManifest(start: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = findManifestIn(dir);
    if (manifest) {
      return manifest;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

/** The package.json (or pnpm's package.yaml) in a folder, if any. */
export function findManifestIn(dir: string): string | undefined {
  return packageManifestNames.map(name => path.join(dir, name)).find(exists);
}

function make(
  name: PackageManagerName,
  searchPath: string,
): PackageManager | undefined {
  const executable = findExecutable(name, searchPath);
  if (!executable) {
    return undefined;
  }
  return {
    name,
    executable,
    installArgs: installArgs[name],
    stderrOnFailureOnly: name === 'yarn',
    attempts: name === 'yarn' ? 3 : 1,
  };
}

function required(
  name: PackageManagerName,
  searchPath: string,
): PackageManager {
  const pm = make(name, searchPath);
  if (!pm) {
    throw new Error(
      `Could not find \`${name}\` executable.\nInstall ${name} and make sure it is in your PATH.`,
    );
  }
  return pm;
}

function isTruthy(value: string | undefined): boolean {
  return value === '1' || value?.toLowerCase() === 'true';
}

/**
 * Chooses the package manager for a folder as the Go host does: the `packagemanager` option when it names
 * one; otherwise pnpm for a package.yaml, yarn when PULUMI_PREFER_YARN is set or a yarn.lock is found in
 * the folder or above, then pnpm for a pnpm-lock.yaml, bun for a bun.lock or bun.lockb, and npm. A
 * package manager whose lock file is found but whose executable is not falls through to the next.
 */
export function resolvePackageManager(
  choice: PackageManagerChoice,
  dir: string,
  env: NodeJS.ProcessEnv = process.env,
): PackageManager {
  const searchPath = env.PATH ?? '';
  const manifest = searchUpPackageManifest(dir);
  const requiresPnpm =
    manifest !== undefined && path.basename(manifest) === 'package.yaml';
  if (choice !== 'auto') {
    if (requiresPnpm && choice !== 'pnpm') {
      throw new Error(
        `the project's manifest is package.yaml, which is only supported by pnpm, but the runtime ` +
          `package manager is set to "${choice}". Use pnpm, or convert package.yaml to package.json`,
      );
    }
    return required(choice, searchPath);
  }
  if (requiresPnpm) {
    const pnpm = make('pnpm', searchPath);
    if (!pnpm) {
      throw new Error(
        "the project's manifest is package.yaml, which requires pnpm, but pnpm could not be found on the $PATH",
      );
    }
    return pnpm;
  }
  const candidates: Array<[PackageManagerName, boolean]> = [
    [
      'yarn',
      isTruthy(env.PULUMI_PREFER_YARN) ||
        searchUp(dir, 'yarn.lock') !== undefined,
    ],
    ['pnpm', searchUp(dir, 'pnpm-lock.yaml') !== undefined],
    [
      'bun',
      searchUp(dir, 'bun.lock') !== undefined ||
        searchUp(dir, 'bun.lockb') !== undefined,
    ],
  ];
  for (const [name, wanted] of candidates) {
    if (wanted) {
      const pm = make(name, searchPath);
      if (pm) {
        return pm;
      }
      logV(
        3,
        `could not find ${name} on the $PATH, trying the next package manager`,
      );
    }
  }
  const npm = make('npm', searchPath);
  if (!npm) {
    throw new Error(
      'could not find npm on the $PATH; npm is installed with Node.js: Could not find `npm` executable.',
    );
  }
  return npm;
}
