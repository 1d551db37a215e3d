import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { messageOf } from '../common/errors';
import { exists } from '../common/files';
import { readPackageManifest } from './manifest';
import { findManifestIn, searchUpPackageManifest } from './packageManager';

/**
 * The root of the npm, yarn or pnpm workspace the folder's package belongs to, or undefined when it is in
 * none, as the Go host's npm.FindWorkspaceRoot: starting at the nearest package manifest, each folder above
 * with a manifest is a root when its pnpm-workspace.yaml `packages` or its manifest's `workspaces` (plain
 * or yarn's `{ packages }`) have a pattern that matches the package's folder.
 */
export function findWorkspaceRoot(start: string): string | undefined {
  const manifest = searchUpPackageManifest(start);
  if (!manifest) {
    return undefined;
  }
  const packageDir = path.dirname(manifest);
  for (let dir = packageDir; ; ) {
    const rootManifest = findManifestIn(dir);
    if (rootManifest) {
      const pnpmWorkspace = path.join(dir, 'pnpm-workspace.yaml');
      if (
        exists(pnpmWorkspace) &&
        matchesAny(pnpmPackages(pnpmWorkspace), dir, packageDir)
      ) {
        return dir;
      }
      if (matchesAny(manifestWorkspaces(rootManifest), dir, packageDir)) {
        return dir;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

function pnpmPackages(file: string): string[] {
  const data = parseYaml(readFileSync(file, 'utf8')) as {
    packages?: unknown;
  } | null;
  return stringList(data?.packages);
}

function manifestWorkspaces(file: string): string[] {
  let workspaces;
  try {
    ({ workspaces } = readPackageManifest(file));
  } catch (error) {
    throw new Error(
      `failed to parse workspaces from ${file}: ${messageOf(error)}`,
    );
  }
  return Array.isArray(workspaces)
    ? stringList(workspaces)
    : stringList(workspaces?.packages);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

function matchesAny(
  patterns: string[],
  root: string,
  packageDir: string,
): boolean {
  return patterns.some(pattern =>
    globMatches(path.join(root, pattern), packageDir),
  );
}

/**
 * Whether a path matches a pattern under Go's filepath.Match rules, segment by segment: `*` and `?` never
 * cross a `/`, `[...]` is a character class. The Go host globs `<root>/<pattern>/package.json` and looks
 * for the package's own manifest among the matches, which comes to the same.
 */
export function globMatches(pattern: string, candidate: string): boolean {
  const patternParts = path.normalize(pattern).split(path.sep);
  const candidateParts = path.normalize(candidate).split(path.sep);
  if (patternParts.length !== candidateParts.length) {
    return false;
  }
  return patternParts.every((part, i) =>
    segmentRegExp(part).test(candidateParts[i]),
  );
}

function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) {
        return /$^/; // a malformed pattern matches nothing, as Go's Glob ignores it
      }
      source += `[${segment.slice(i + 1, end)}]`;
      i = end;
    } else if (c === '\\' && i + 1 < segment.length) {
      source += escapeRegExp(segment[++i]);
    } else {
      source += escapeRegExp(c);
    }
  }
  return new RegExp(`^${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
