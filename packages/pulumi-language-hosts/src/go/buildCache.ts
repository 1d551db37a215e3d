import { createHash, Hash } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logV } from '../common/log';
import { compareStrings } from './compare';

/** How many builds of one project the cache keeps: the newest (most recently used) ones. */
export const buildsKeptPerProject = 3;

/** Bumped when what goes into a key changes, so that old entries are never taken for new ones. */
const keyVersion = 'stackyard-go-build-1';

/** What a build depends on besides the sources. */
export interface BuildKeyInputs {
  /** `go version` and the `go env` settings that change the binary (GOOS, GOARCH, ...). */
  toolchain: string;
  /** The buildTarget option, or empty. */
  buildTarget: string;
  /** The program folder: binaries embed their source paths. */
  programDirectory: string;
  /** {@link hashSourceTree} of each folder the sources live in, by folder. */
  sourceHashes: Array<[string, string]>;
}

/** The cache key of a build: the SHA-256 of everything it depends on. */
export function buildCacheKey(inputs: BuildKeyInputs): string {
  const hash = createHash('sha256');
  const field = (value: string) => hash.update(value).update('\0');
  field(keyVersion);
  field(inputs.toolchain);
  field(inputs.buildTarget);
  field(inputs.programDirectory);
  for (const [dir, digest] of inputs.sourceHashes) {
    field(dir);
    field(digest);
  }
  return hash.digest('hex');
}

/**
 * A digest of every file under `root`, as Pulumi's Go host hashes a program for its own in-process build
 * cache: each file's path relative to `root` and its content, in a fixed order. Hidden folders (`.git`,
 * `.pulumi`, ...) and `node_modules` are skipped, `vendor` is not; a symbolic link counts by its target,
 * without following it; `skip` (a build target inside the tree) is left out, so that writing it does not
 * change the digest.
 */
export function hashSourceTree(root: string, skip?: string): string {
  const hash = createHash('sha256');
  walk(path.resolve(root), '', skip && path.resolve(root, skip), hash);
  return hash.digest('hex');
}

function walk(
  root: string,
  rel: string,
  skip: string | undefined,
  hash: Hash,
): void {
  const entries = readdirSync(path.join(root, rel), { withFileTypes: true });
  entries.sort((a, b) => compareStrings(a.name, b.name));
  for (const entry of entries) {
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    const full = path.join(root, name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && entry.name !== 'node_modules') {
        walk(root, name, skip, hash);
      }
    } else if (full !== skip) {
      hash.update(name).update('\0');
      hash.update(
        entry.isSymbolicLink() ? `->${readlinkSync(full)}` : readFileSync(full),
      );
      hash.update('\0');
    }
  }
}

/**
 * The local folders that go.mod's replace directives point to (`=> ../lib`, `=> /abs/lib`), resolved from
 * the module's folder: their sources are part of the build too.
 */
export function localReplaceDirs(goMod: string, moduleDir: string): string[] {
  const dirs: string[] = [];
  for (const line of goMod.split('\n')) {
    const target = line
      .replace(/\/\/.*$/, '')
      .match(/=>\s*("?)((?:\.{1,2}|\/)[^\s"]*)\1\s*$/);
    if (target) {
      dirs.push(path.resolve(moduleDir, target[2]));
    }
  }
  return [...new Set(dirs)];
}

/**
 * The folder of the build cache: `$PULUMI_HOME/stackyard/go-builds` (PULUMI_HOME is `~/.pulumi` by
 * default), one folder per project, one per key in it, each holding the binary `program`.
 */
export function buildCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const home =
    env.PULUMI_HOME || path.join(env.HOME || os.homedir(), '.pulumi');
  return path.join(home, 'stackyard', 'go-builds');
}

/** A project name as a folder name. */
export function projectFolderName(project: string): string {
  return project.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_';
}

/** Where the binary of a build lives in the cache. */
export function cachedBinaryPath(
  root: string,
  project: string,
  key: string,
): string {
  return path.join(root, projectFolderName(project), key, 'program');
}

/**
 * The cached binary, if there is one; its folder is touched, so that it counts as recently used.
 */
export function lookupBuild(binary: string): string | undefined {
  try {
    if (!statSync(binary).isFile()) {
      return undefined;
    }
    const now = new Date();
    utimesSync(path.dirname(binary), now, now);
    return binary;
  } catch {
    return undefined;
  }
}

/** A temporary name beside `file`, for a write that a rename then makes whole at once. */
export function temporaryBeside(file: string): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `${file}.tmp-${process.pid}-${random}`;
}

/** Makes the folder of a cached binary, and returns a temporary name in it to build to. */
export function prepareBuild(binary: string): string {
  mkdirSync(path.dirname(binary), { recursive: true });
  return temporaryBeside(binary);
}

/**
 * Moves a finished build into the cache (a rename, so that no one ever runs half a binary; a concurrent
 * build of the same key just replaces it with an equal one) and forgets all but the newest builds of the
 * project.
 */
export function storeBuild(built: string, binary: string): void {
  renameSync(built, binary);
  pruneBuilds(path.dirname(path.dirname(binary)), path.dirname(binary));
}

/** Removes all but the {@link buildsKeptPerProject} most recently used builds of a project. */
export function pruneBuilds(projectDir: string, keep: string): void {
  try {
    const builds = readdirSync(projectDir, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => path.join(projectDir, entry.name))
      .map(dir => ({ dir, used: statSync(dir).mtimeMs }));
    builds.sort((a, b) => b.used - a.used);
    const stale = builds
      .filter(b => b.dir !== keep)
      .slice(buildsKeptPerProject - 1);
    for (const { dir } of stale) {
      logV(7, `removing the old build ${dir}`);
      rmSync(dir, { recursive: true, force: true });
    }
  } catch (error) {
    // Another host may be pruning the same project: what is left is pruned next time.
    logV(5, `could not prune the builds of ${projectDir}: ${String(error)}`);
  }
}
