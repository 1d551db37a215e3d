import { parameterization } from '../common/pluginJson';
import type { RequiredPackage } from '../common/types';
import type { InstalledPackage } from './installedPackages';

// The SDK itself, and packages known to have no plugin (pulumi-policy has no plugin file saying so).
const withoutPlugins = new Set(['pulumi', 'pulumi-policy']);

/**
 * A PEP 440 version as the plugin's semver, as Pulumi's Python host converts it: `1.2.3` and `1.2.3.post4`
 * as they are, pre-releases (`1.2.3a4`, `b`, `rc`) and dev releases not at all, since the plugin's build
 * suffix cannot be known.
 */
export function pluginVersionOf(packageVersion: string): string | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)(?:\.post\d+)?$/.exec(packageVersion);
  return match ? `${match[1]}.${match[2]}.${match[3]}` : undefined;
}

/**
 * The resource plugin a package needs, as Pulumi's Python host decides it: what its pulumi-plugin.json
 * says (none when `resource` is false), else for a `pulumi-<name>` package the plugin `<name>` at the
 * package's version. Other packages need none.
 */
export function requiredPackageOf(
  pkg: InstalledPackage,
): RequiredPackage | undefined {
  const lower = pkg.name.toLowerCase();
  if (withoutPlugins.has(lower)) {
    return undefined;
  }
  const plugin = pkg.plugin;
  if (!plugin && !lower.startsWith('pulumi-')) {
    return undefined;
  }
  if (plugin && !plugin.resource) {
    return undefined;
  }
  const version = plugin?.version || pluginVersionOf(pkg.version);
  if (!version) {
    return undefined;
  }
  return {
    name: plugin?.name || lower.replace(/^pulumi-/, ''),
    version: version.startsWith('v') ? version : `v${version}`,
    server: plugin?.server ?? '',
    parameterization: parameterization(plugin?.parameterization),
  };
}

/** The resource plugins of the installed packages, in the order of their packages' names. */
export function requiredPackages(
  installed: InstalledPackage[],
): RequiredPackage[] {
  return installed.flatMap(pkg => requiredPackageOf(pkg) ?? []);
}
