import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The first `name` in `start` or a folder above it, as Go's fsutil.Searchup; undefined when none. */
export function searchUp(start: string, name: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, name);
    if (exists(candidate)) {
      return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

/** Whether a file or folder exists (following symbolic links). */
export function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

/** Reads and parses a JSON file. */
export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The path of an executable found on the PATH, as Go's exec.LookPath, or undefined.
 *
 * @param name - a bare command name such as `npm`
 * @param searchPath - the PATH to search; the host's own by default
 */
export function findExecutable(
  name: string,
  searchPath: string = process.env.PATH ?? '',
): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    const candidate = path.join(dir || '.', name);
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here: keep looking
    }
  }
  return undefined;
}
