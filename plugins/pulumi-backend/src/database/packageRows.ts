import type { PulumiStackPackage } from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';

/** A row of `pulumi_stack_packages`. */
export interface PackageRow {
  stack_ref: string;
  kind: PulumiStackPackage['kind'];
  package: string;
  type: string;
  version: string;
  resources: number;
}

/** Replaces a stack's rows of the package index with those of its state, in the caller's transaction. */
export async function replacePackageRows(
  tx: Knex.Transaction,
  stackRef: string,
  packages: PulumiStackPackage[],
): Promise<void> {
  await tx('pulumi_stack_packages').where({ stack_ref: stackRef }).delete();
  const rows: PackageRow[] = packages.map(p => ({
    stack_ref: stackRef,
    kind: p.kind,
    package: p.package,
    type: p.type ?? '',
    version: p.version ?? '',
    resources: p.resources,
  }));
  for (let i = 0; i < rows.length; i += 50) {
    await tx('pulumi_stack_packages').insert(rows.slice(i, i + 50));
  }
}

/** A stack's package as the API gives it, from its row. */
export function toStackPackage(row: PackageRow): PulumiStackPackage {
  return {
    kind: row.kind,
    package: row.package,
    ...(row.type ? { type: row.type } : {}),
    ...(row.version ? { version: row.version } : {}),
    resources: Number(row.resources),
  };
}
