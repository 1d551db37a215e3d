import type {
  PulumiStackTtl,
  PulumiStackTtlStatus,
} from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';
import type { TtlSighting, TtlStore } from './TtlStore';
import { toIso } from './util';

type TtlRow = {
  stack_ref: string;
  backend_id: string;
  project: string;
  stack: string;
  tag: string;
  status: PulumiStackTtlStatus;
  expires_at: unknown;
  message: string | null;
  run_id: string | null;
  updated_at: unknown;
};

function toTtl(row: TtlRow): PulumiStackTtl {
  return {
    stackRef: row.stack_ref,
    tag: row.tag,
    status: row.status,
    ...(row.expires_at ? { expiresAt: toIso(row.expires_at) } : {}),
    ...(row.message ? { message: row.message } : {}),
    ...(row.run_id ? { runId: row.run_id } : {}),
  };
}

/** The time to live of stacks in the plugin's database (`pulumi_stack_ttls`). */
export class DatabaseTtlStore implements TtlStore {
  constructor(private readonly db: Knex) {}

  async listTtls(backendId: string): Promise<Map<string, PulumiStackTtl>> {
    const rows: TtlRow[] = await this.db('pulumi_stack_ttls').where({
      backend_id: backendId,
    });
    return new Map(rows.map(row => [row.stack_ref, toTtl(row)]));
  }

  async getTtl(stackRef: string): Promise<PulumiStackTtl | undefined> {
    const row: TtlRow | undefined = await this.db('pulumi_stack_ttls')
      .where({ stack_ref: stackRef })
      .first();
    return row ? toTtl(row) : undefined;
  }

  async saveSighting(sighting: TtlSighting): Promise<PulumiStackTtl> {
    const known = await this.getTtl(sighting.stackRef);
    const now = new Date().toISOString();
    // A destroy that ends the stack is under way: what it finds decides, not a new tag.
    if (known && (known.tag === sighting.tag || known.status === 'expiring')) {
      return known;
    }
    const row = {
      stack_ref: sighting.stackRef,
      backend_id: sighting.backendId,
      project: sighting.project,
      stack: sighting.stack,
      tag: sighting.tag,
      status: sighting.expiresAt ? 'active' : 'invalid',
      expires_at: sighting.expiresAt?.toISOString() ?? null,
      message: sighting.message ?? null,
      run_id: null,
      updated_at: now,
    };
    await this.db('pulumi_stack_ttls')
      .insert(row)
      .onConflict('stack_ref')
      .merge();
    return (await this.getTtl(sighting.stackRef))!;
  }

  async setStatus(
    stackRef: string,
    from: PulumiStackTtlStatus[],
    next: { status: PulumiStackTtlStatus; message?: string; runId?: string },
  ): Promise<boolean> {
    const updated = await this.db('pulumi_stack_ttls')
      .where({ stack_ref: stackRef })
      .whereIn('status', from)
      .update({
        status: next.status,
        message: next.message ?? null,
        ...(next.runId !== undefined ? { run_id: next.runId } : {}),
        updated_at: new Date().toISOString(),
      });
    return updated === 1;
  }

  async deleteTtl(stackRef: string): Promise<void> {
    await this.db('pulumi_stack_ttls').where({ stack_ref: stackRef }).delete();
  }
}
