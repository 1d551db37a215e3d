import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { isComparableVersion } from './versions';

/**
 * Reads `pulumi.registry.minimumVersions`: the least version of each package (by name) that the platform
 * team supports; stacks below it count as outdated. A value that is not a version is an error naming its
 * key.
 */
export function readMinimumVersions(
  config: RootConfigService,
): Record<string, string> {
  const minimums = config.getOptionalConfig('pulumi.registry.minimumVersions');
  const versions: Record<string, string> = {};
  for (const name of minimums?.keys() ?? []) {
    const version = minimums!.getString(name);
    if (!isComparableVersion(version)) {
      throw new InputError(
        `pulumi.registry.minimumVersions.${name} '${version}' is not a version, such as 6.0.0`,
      );
    }
    versions[name] = version;
  }
  return versions;
}
