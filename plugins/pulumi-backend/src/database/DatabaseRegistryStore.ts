import type { PulumiStackPackage } from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';
import { PackageRow, toStackPackage } from './packageRows';
import { applyStackFilter } from './stackFilter';
import type { StackFilter } from './StackStore';

/** One stack's use of one version of a package or component type, with the stack's names. */
export interface PackageUse {
  stackRef: string;
  backendId: string;
  project: string;
  stack: string;
  owner?: string;
  package: string;
  /** A component's type; '' for a provider. */
  type: string;
  /** '' when the state records none. */
  version: string;
  resources: number;
}

/**
 * The usage registry's reads of `pulumi_stack_packages`, which the stack store writes as the sync reads
 * each state. Uses are narrowed to the stacks a stack filter keeps, the permission's conditions included,
 * as the stack list is.
 */
export class DatabaseRegistryStore {
  constructor(private readonly db: Knex) {}

  /** The uses of `kind` in the stacks `filter` keeps; of one package when `name` is given. */
  async listUses(
    kind: PulumiStackPackage['kind'],
    filter: StackFilter,
    name?: string,
  ): Promise<PackageUse[]> {
    const stacks = this.db('pulumi_stacks').select('stack_ref');
    applyStackFilter(this.db, stacks, filter);
    const rows: Array<
      PackageRow & {
        backend_id: string;
        project: string;
        stack: string;
        owner: string | null;
      }
    > = await this.db('pulumi_stack_packages as p')
      .join('pulumi_stacks as s', 's.stack_ref', 'p.stack_ref')
      .where('p.kind', kind)
      .modify(q => {
        if (name !== undefined) q.where('p.package', name);
      })
      .whereIn('p.stack_ref', stacks)
      .orderBy(['p.package', 'p.type', 'p.stack_ref', 'p.version'])
      .select('p.*', 's.backend_id', 's.project', 's.stack', 's.owner');
    return rows.map(r => ({
      stackRef: r.stack_ref,
      backendId: r.backend_id,
      project: r.project,
      stack: r.stack,
      ...(r.owner ? { owner: r.owner } : {}),
      package: r.package,
      type: r.type,
      version: r.version,
      resources: Number(r.resources),
    }));
  }

  /** Every version of each package in use anywhere in the fleet, whoever may read its stacks. */
  async fleetVersions(): Promise<Map<string, string[]>> {
    const rows: Array<{ package: string; version: string }> = await this.db(
      'pulumi_stack_packages',
    )
      .distinct('package', 'version')
      .whereNot('version', '');
    const versions = new Map<string, string[]>();
    for (const r of rows) {
      const known = versions.get(r.package);
      if (known) known.push(r.version);
      else versions.set(r.package, [r.version]);
    }
    return versions;
  }

  /** The stacks that `filter` keeps and that a template created, with the template and its version. */
  async listTemplateUses(
    filter: StackFilter,
  ): Promise<Array<{ stackRef: string; template: string; version: string }>> {
    const query = this.db('pulumi_stacks').whereNotNull('template');
    applyStackFilter(this.db, query, filter);
    const rows: Array<{
      stack_ref: string;
      template: string;
      template_version: string | null;
    }> = await query
      .orderBy(['template', 'stack_ref'])
      .select('stack_ref', 'template', 'template_version');
    return rows.map(r => ({
      stackRef: r.stack_ref,
      template: r.template,
      version: r.template_version ?? '',
    }));
  }

  /** What one stack uses. */
  async stackPackages(stackRef: string): Promise<PulumiStackPackage[]> {
    const rows: PackageRow[] = await this.db('pulumi_stack_packages')
      .where({ stack_ref: stackRef })
      .orderBy(['kind', 'package', 'type', 'version']);
    return rows.map(toStackPackage);
  }
}
