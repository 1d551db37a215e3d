import semver from 'semver';

/** A version as semver reads it: `v` and build metadata aside, loosely. */
function parse(version: string): semver.SemVer | null {
  return (
    semver.parse(version, { loose: true }) ??
    semver.coerce(version, { includePrerelease: true })
  );
}

/** Newest first; versions that are not semver last, by name. */
export function compareVersionsDescending(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) return semver.rcompare(pa, pb);
  if (pa || pb) return pa ? -1 : 1;
  return a.localeCompare(b);
}

/** The newest of some versions, or undefined when none is semver. */
export function newestVersion(versions: string[]): string | undefined {
  const valid = versions.filter(v => parse(v));
  return valid.sort(compareVersionsDescending)[0];
}

/**
 * Whether `version` is outdated: older than `latest` (the newest in use in the fleet), or below the
 * configured `minimum`. A version that is not semver, or unknown, is never called outdated.
 */
export function isOutdated(
  version: string,
  bounds: { latest?: string; minimum?: string },
): boolean {
  const parsed = parse(version);
  if (!parsed) return false;
  const below = (bound?: string) => {
    const b = bound ? parse(bound) : null;
    return b ? semver.lt(parsed, b) : false;
  };
  return below(bounds.latest) || below(bounds.minimum);
}

/** Whether `version` is a version that `isOutdated` can compare. */
export function isComparableVersion(version: string): boolean {
  return parse(version) !== null;
}
