import { InputError } from '@backstage/errors';
import {
  DriftStatus,
  PulumiPage,
  PulumiStack,
  PulumiStackDetail,
  PulumiStackResource,
  PulumiStackUpdate,
  stringifyStackRef,
} from '@stackyard/plugin-pulumi-common';
import type {
  PulumiStackPermissionResource,
  StackListing,
  StackState,
  UpdateRecord,
} from '@stackyard/plugin-pulumi-node';
import { Knex } from 'knex';
import {
  claimDueDriftChecks,
  requestManualDriftCheck,
  setDriftIntervals,
  writeDriftStatus,
} from './stackDriftSchedule';
import { ownersOf, refreshOwners } from './stackOwners';
import { applyKeyset, applyOrder, isSortKey, sortKey } from './stackPaging';
import { replacePackageRows } from './packageRows';
import { applyStackFilter } from './stackFilter';
import {
  chunks,
  resourceRows,
  StackRow,
  toResource,
  toStack,
  toUpdate,
  updateByValue,
  updateRows,
} from './stackRows';
import {
  StackFilter,
  StackLink,
  StackListPage,
  StackStore,
} from './StackStore';
import {
  decodeCursor,
  decodeSortCursor,
  encodeCursor,
  encodeSortCursor,
  parseJson,
  toIso,
} from './util';
import { setStackTemplates, StackTemplate } from './stackTemplates';

/** The stack cache in the plugin's database. */
export class DatabaseStackStore implements StackStore {
  /** The store over a migrated database: see {@link createStores}. */
  constructor(private readonly db: Knex) {}

  async replaceBackendStacks(
    backendId: string,
    listings: StackListing[],
  ): Promise<void> {
    const now = new Date().toISOString();
    const rows = listings.map(l => ({
      stack_ref: stringifyStackRef(l),
      backend_id: backendId,
      organization: l.organization,
      project: l.project,
      stack: l.stack,
      last_update_time: l.lastUpdate ? toIso(l.lastUpdate) : null,
      resource_count: l.resourceCount ?? null,
      synced_at: now,
    }));
    await this.db.transaction(async tx => {
      const existing: string[] = await tx('pulumi_stacks')
        .where({ backend_id: backendId })
        .pluck('stack_ref');
      for (const chunk of chunks(rows)) {
        await tx('pulumi_stacks')
          .insert(chunk)
          .onConflict('stack_ref')
          .merge(['last_update_time', 'resource_count', 'synced_at'] as const);
      }
      const keep = new Set(rows.map(r => r.stack_ref));
      const gone = existing.filter(ref => !keep.has(ref));
      // A stack created again under a ref that catalog entities still name gets their owner at once.
      const had = new Set(existing);
      await refreshOwners(
        tx,
        rows.map(r => r.stack_ref).filter(ref => !had.has(ref)),
      );
      for (const chunk of chunks(gone)) {
        for (const table of [
          'pulumi_stack_resources',
          'pulumi_stack_updates',
          'pulumi_stack_packages',
        ]) {
          await tx(table).whereIn('stack_ref', chunk).delete();
        }
        await tx('pulumi_stacks').whereIn('stack_ref', chunk).delete();
      }
    });
  }

  setDriftIntervals(
    backendId: string,
    intervals: Record<string, number>,
    now: Date = new Date(),
  ): Promise<void> {
    return setDriftIntervals(this.db, backendId, intervals, now);
  }

  claimDueDriftChecks(options: {
    now: Date;
    periodMs: number;
    limit: number;
  }): Promise<string[]> {
    return claimDueDriftChecks(this.db, options);
  }

  requestManualDriftCheck(
    stackRef: string,
    now: Date,
    minIntervalMs: number,
  ): Promise<{ accepted: boolean; retryAfterSeconds?: number }> {
    return requestManualDriftCheck(this.db, stackRef, now, minIntervalMs);
  }

  /** Sets a stack's drift status in the transaction of the drift check that found it; returns the last. */
  writeDriftStatus(
    tx: Knex,
    stackRef: string,
    status: DriftStatus,
    checkedAt: string,
  ): Promise<DriftStatus> {
    return writeDriftStatus(tx, stackRef, status, checkedAt);
  }

  setStackTemplates(
    backendId: string,
    templates: Record<string, StackTemplate>,
  ): Promise<void> {
    return setStackTemplates(this.db, backendId, templates);
  }

  async setOwnerTags(
    backendId: string,
    owners: Record<string, string>,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const rows: Array<{ stack_ref: string; owner_tag: string | null }> =
        await tx('pulumi_stacks')
          .where({ backend_id: backendId })
          .select('stack_ref', 'owner_tag');
      const changed = new Map<string | null, string[]>();
      for (const row of rows) {
        const want = owners[row.stack_ref]?.toLocaleLowerCase('en-US') ?? null;
        if (want === row.owner_tag) continue;
        changed.set(want, [...(changed.get(want) ?? []), row.stack_ref]);
      }
      await updateByValue(tx, 'owner_tag', changed);
      await refreshOwners(tx, [...changed.values()].flat());
    });
  }

  async listStaleStacks(backendId: string): Promise<PulumiStack[]> {
    const rows: StackRow[] = await this.db('pulumi_stacks')
      .where({ backend_id: backendId })
      .andWhere(q =>
        q
          .whereNull('details_synced_for')
          .orWhereRaw('details_synced_for <> last_update_time')
          .orWhere(q2 =>
            q2.whereNull('last_update_time').whereNotNull('details_synced_for'),
          ),
      )
      .orderBy('stack_ref');
    return this.withLinks(rows);
  }

  async saveStackDetails(
    stackRef: string,
    details: { state: StackState; history: UpdateRecord[] },
  ): Promise<void> {
    const { state, history } = details;
    const last = history[0];
    await this.db.transaction(async tx => {
      const row: { last_update_time: unknown } | undefined = await tx(
        'pulumi_stacks',
      )
        .where({ stack_ref: stackRef })
        .first('last_update_time');
      if (!row) {
        return;
      }
      await tx('pulumi_stacks')
        .where({ stack_ref: stackRef })
        .update({
          outputs: JSON.stringify(state.outputs),
          stack_references: JSON.stringify(state.stackReferences),
          resource_count: state.resources.length,
          last_update_result: last?.result ?? null,
          last_update_kind: last?.kind ?? null,
          details_synced_for: row.last_update_time ?? null,
        });
      await tx('pulumi_stack_resources')
        .where({ stack_ref: stackRef })
        .delete();
      const resources = resourceRows(stackRef, state);
      for (const chunk of chunks(resources, 50)) {
        await tx('pulumi_stack_resources').insert(chunk);
      }
      await replacePackageRows(tx, stackRef, state.packages);
      await tx('pulumi_stack_updates').where({ stack_ref: stackRef }).delete();
      const updates = updateRows(stackRef, history);
      for (const chunk of chunks(updates, 50)) {
        await tx('pulumi_stack_updates').insert(chunk);
      }
    });
  }

  async replaceLinks(links: StackLink[]): Promise<void> {
    await this.db.transaction(async tx => {
      await tx('pulumi_stack_links').delete();
      const rows = links.map(l => ({
        stack_ref: l.stackRef,
        entity_ref: l.entityRef.toLocaleLowerCase('en-US'),
        owner_ref: l.ownerRef?.toLocaleLowerCase('en-US') ?? null,
      }));
      for (const chunk of chunks(rows)) {
        await tx('pulumi_stack_links')
          .insert(chunk)
          .onConflict(['stack_ref', 'entity_ref'])
          .ignore();
      }
      await refreshOwners(tx);
    });
  }

  async listStacks(
    filter: StackFilter,
    page: StackListPage,
  ): Promise<PulumiPage<PulumiStack>> {
    const sort = page.sort ?? 'name';
    const order = page.order ?? (sort === 'name' ? 'asc' : 'desc');
    // Decoded first, so that a bad cursor is refused before any query.
    const after = page.cursor
      ? decodeSortCursor(page.cursor, { sort, order })
      : undefined;
    if (after && !isSortKey(sort, after.key)) {
      // A forged key would otherwise reach the database, and fail there as a 500 on PostgreSQL.
      throw new InputError(
        `cursor '${page.cursor}' is not a cursor this API returned`,
      );
    }
    const query = this.db<StackRow>('pulumi_stacks')
      .select('*')
      .limit(page.limit + 1);
    applyOrder(query, sort, order);
    applyStackFilter(this.db, query, filter);
    if (after) {
      query.where(q => applyKeyset(q, sort, order, after));
    }
    const rows: StackRow[] = await query;
    const pageRows = rows.slice(0, page.limit);
    const last = pageRows[pageRows.length - 1];
    return {
      items: await this.withLinks(pageRows),
      nextCursor:
        rows.length > page.limit
          ? encodeSortCursor({
              sort,
              order,
              key: sort === 'name' ? null : sortKey(last, sort),
              ref: last.stack_ref,
            })
          : undefined,
    };
  }

  async getStack(
    backendId: string,
    project: string,
    stack: string,
  ): Promise<PulumiStackDetail | undefined> {
    const row: StackRow | undefined = await this.db('pulumi_stacks')
      .where({ backend_id: backendId, project, stack })
      .first();
    if (!row) {
      return undefined;
    }
    const [summary] = await this.withLinks([row]);
    return {
      ...summary,
      outputs: parseJson(row.outputs, {}),
      stackReferences: parseJson(row.stack_references, []),
    };
  }

  async matches(stackRef: string, filter: StackFilter): Promise<boolean> {
    const query = this.db('pulumi_stacks').where('stack_ref', stackRef);
    applyStackFilter(this.db, query, filter);
    return (await query.first('stack_ref')) !== undefined;
  }

  async getStackRef(
    backendId: string,
    project: string,
    stack: string,
  ): Promise<string | undefined> {
    const row: Pick<StackRow, 'stack_ref'> | undefined = await this.db(
      'pulumi_stacks',
    )
      .where({ backend_id: backendId, project, stack })
      .first('stack_ref');
    return row?.stack_ref;
  }

  async getPermissionResources(
    refs: string[],
  ): Promise<Array<PulumiStackPermissionResource | undefined>> {
    const rows: StackRow[] = await this.db('pulumi_stacks').whereIn(
      'stack_ref',
      refs,
    );
    const owners = await ownersOf(this.db, refs);
    return refs.map(ref => {
      const row = rows.find(r => r.stack_ref === ref);
      if (!row) {
        return undefined;
      }
      return {
        ref,
        backendId: row.backend_id,
        project: row.project,
        stack: row.stack,
        ownerRefs: owners.get(ref) ?? [],
      };
    });
  }

  async listResources(
    stackRef: string,
    page: { limit: number; cursor?: string },
  ): Promise<PulumiPage<PulumiStackResource>> {
    const query = this.db('pulumi_stack_resources')
      .where({ stack_ref: stackRef })
      .orderBy('ordinal')
      .limit(page.limit + 1);
    if (page.cursor) {
      const after = Number(decodeCursor(page.cursor));
      if (!Number.isInteger(after)) {
        throw new InputError(
          `cursor '${page.cursor}' is not a cursor this API returned`,
        );
      }
      query.where('ordinal', '>', after);
    }
    const rows: any[] = await query;
    const items = rows.slice(0, page.limit);
    return {
      items: items.map(toResource),
      nextCursor:
        rows.length > page.limit
          ? encodeCursor(String(items[items.length - 1].ordinal))
          : undefined,
    };
  }

  async listUpdates(stackRef: string): Promise<PulumiStackUpdate[]> {
    const rows: any[] = await this.db('pulumi_stack_updates')
      .where({ stack_ref: stackRef })
      .orderBy('ordinal');
    return rows.map(toUpdate);
  }

  private async withLinks(rows: StackRow[]): Promise<PulumiStack[]> {
    const refs = rows.map(r => r.stack_ref);
    const links: Array<{ stack_ref: string; entity_ref: string }> = [];
    for (const chunk of chunks(refs)) {
      links.push(
        ...(await this.db('pulumi_stack_links')
          .whereIn('stack_ref', chunk)
          .select('stack_ref', 'entity_ref')),
      );
    }
    return rows.map(row =>
      toStack(
        row,
        links.filter(l => l.stack_ref === row.stack_ref).map(l => l.entity_ref),
      ),
    );
  }
}
