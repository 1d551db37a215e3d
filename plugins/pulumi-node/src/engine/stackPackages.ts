import type { PulumiStackPackage } from '@stackyard/plugin-pulumi-common';

/** The parts of a resource of an exported deployment that the package index reads. */
interface PackageResource {
  type: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

const STACK_TYPE = 'pulumi:pulumi:Stack';
const PROVIDER_TYPE_PREFIX = 'pulumi:providers:';

/** A provider resource's version, from its inputs (or outputs), as the engine recorded it. */
function providerVersion(resource: PackageResource): string | undefined {
  const version = resource.inputs?.version ?? resource.outputs?.version;
  return typeof version === 'string' && version ? version : undefined;
}

/**
 * What packages a state uses: each provider resource with its version, and each component type with the
 * version of its package's provider in the stack. A component resource records no provider of its own, so
 * its version is that of the one provider resource of its package, when there is exactly one; a component
 * written in the program's language has none.
 */
export function stackPackages(
  resources: PackageResource[],
): PulumiStackPackage[] {
  const found = new Map<string, PulumiStackPackage>();
  const add = (entry: Omit<PulumiStackPackage, 'resources'>) => {
    const key = [entry.kind, entry.package, entry.type, entry.version].join(
      '\0',
    );
    const known = found.get(key);
    if (known) known.resources += 1;
    else found.set(key, { ...entry, resources: 1 });
  };
  const versions = new Map<string, Set<string | undefined>>();
  for (const r of resources.filter(p =>
    p.type.startsWith(PROVIDER_TYPE_PREFIX),
  )) {
    const name = r.type.slice(PROVIDER_TYPE_PREFIX.length);
    const version = providerVersion(r);
    versions.set(name, (versions.get(name) ?? new Set()).add(version));
    add({ kind: 'provider', package: name, ...(version ? { version } : {}) });
  }
  for (const r of resources) {
    if (r.custom || r.type === STACK_TYPE || !r.type.includes(':')) continue;
    const name = r.type.slice(0, r.type.indexOf(':'));
    const own = versions.get(name);
    const version = own?.size === 1 ? [...own][0] : undefined;
    add({
      kind: 'component',
      package: name,
      type: r.type,
      ...(version ? { version } : {}),
    });
  }
  return [...found.values()];
}
