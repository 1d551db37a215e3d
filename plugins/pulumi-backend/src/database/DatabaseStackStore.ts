import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  DRIFT_STATUSES,
  DriftStatus,
  PulumiPage,
  PulumiSortOrder,
  PulumiStack,
  PulumiStackDetail,
  PulumiStackSort,
  PulumiStackResource,
  PulumiStackUpdate,
  stringifyStackRef,
} from '@stackyard/plugin-pulumi-common';
import type {
  PulumiStackPermissionQuery,
  PulumiStackPermissionResource,
  StackListing,
  StackState,
  UpdateRecord,
} from '@stackyard/plugin-pulumi-node';
import { Knex } from 'knex';
import { ownersOf, whereOwnedBy } from './stackOwners';
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
  isIsoTimestamp,
  likePattern,
  parseJson,
  SortCursor,
  toIso,
} from './util';

const migrationsDir = resolvePackagePath(
  '@stackyard/plugin-pulumi-backend',
  'migrations',
);

/** Applies the plugin's migrations, unless the database service says to skip them. */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: 'pulumi_knex_migrations',
  });
}

/** Reverts every migration of the plugin; for the migration tests. */
export async function rollbackDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback(
    { directory: migrationsDir, tableName: 'pulumi_knex_migrations' },
    true,
  );
}

type StackRow = {
  stack_ref: string;
  backend_id: string;
  organization: string;
  project: string;
  stack: string;
  last_update_time: unknown;
  last_update_result: string | null;
  last_update_kind: string | null;
  resource_count: number | null;
  outputs: string | null;
  stack_references: string | null;
  drift_status: DriftStatus;
  drift_checked_at: unknown;
  drift_next_check_at?: unknown;
  drift_interval_seconds?: number | null;
  details_synced_for: unknown;
  synced_at: unknown;
  owner: string | null;
  owner_tag?: string | null;
};

/** The column of each sort; the stack ref also breaks ties. */
const SORT_COLUMNS: Record<PulumiStackSort, string> = {
  name: 'stack_ref',
  lastUpdate: 'last_update_time',
  resourceCount: 'resource_count',
  driftStatus: 'drift_status',
  driftCheckedAt: 'drift_checked_at',
};

/** Drift statuses sort by how bad they are, not by name. */
const DRIFT_RANK_SQL = `case drift_status ${DRIFT_STATUSES.map(
  (_, rank) => `when ? then ${rank}`,
).join(' ')} end`;

function driftRank(status: unknown): number {
  return DRIFT_STATUSES.indexOf(status as DriftStatus);
}

const CHUNK = 200;

/**
 * Sets `column` of the stacks in each list to the list's value: one statement per value and chunk of
 * refs, not one per stack.
 */
async function updateByValue(
  tx: Knex,
  column: 'owner' | 'owner_tag',
  refsByValue: Map<string | null, string[]>,
): Promise<void> {
  for (const [value, refs] of refsByValue) {
    for (const chunk of chunks(refs)) {
      await tx('pulumi_stacks')
        .whereIn('stack_ref', chunk)
        .update({ [column]: value });
    }
  }
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** The stack cache in the plugin's database. */
export class DatabaseStackStore implements StackStore {
  private constructor(private readonly db: Knex) {}

  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseStackStore> {
    const db = await options.database.getClient();
    if (!options.skipMigrations && !options.database.migrations?.skip) {
      await applyDatabaseMigrations(db);
    }
    return new DatabaseStackStore(db);
  }

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
      await this.refreshOwners(
        tx,
        rows.map(r => r.stack_ref).filter(ref => !had.has(ref)),
      );
      for (const chunk of chunks(gone)) {
        for (const table of [
          'pulumi_stack_resources',
          'pulumi_stack_updates',
        ]) {
          await tx(table).whereIn('stack_ref', chunk).delete();
        }
        await tx('pulumi_stacks').whereIn('stack_ref', chunk).delete();
      }
    });
  }

  async setDriftIntervals(
    backendId: string,
    intervals: Record<string, number>,
    now: Date = new Date(),
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const rows: Array<{
        stack_ref: string;
        drift_interval_seconds: number | null;
        drift_next_check_at: string | Date | null;
      }> = await tx('pulumi_stacks')
        .where({ backend_id: backendId })
        .select('stack_ref', 'drift_interval_seconds', 'drift_next_check_at');
      for (const row of rows) {
        const want = intervals[row.stack_ref] ?? null;
        const have =
          row.drift_interval_seconds === null
            ? null
            : Number(row.drift_interval_seconds);
        if (want === have) continue;
        const update: Record<string, unknown> = {
          drift_interval_seconds: want,
        };
        // A shorter period applies at once: the next check moves up to at most one new period from now.
        const soonest = now.getTime() + (want ?? 0) * 1000;
        if (
          want &&
          row.drift_next_check_at &&
          new Date(row.drift_next_check_at).getTime() > soonest
        ) {
          update.drift_next_check_at = new Date(soonest).toISOString();
        }
        await tx('pulumi_stacks')
          .where({ stack_ref: row.stack_ref })
          .update(update);
      }
    });
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
      await this.refreshOwners(tx, [...changed.values()].flat());
    });
  }

  /**
   * Sets `owner` from the owner tag, else from the first linked entity (by entity ref) with an owner, for
   * the given stacks or, without refs, for every stack; writes only owners that change, one statement
   * per owner.
   */
  private async refreshOwners(tx: Knex, refs?: string[]): Promise<void> {
    if (refs && refs.length === 0) return;
    const stacks: Array<{
      stack_ref: string;
      owner: string | null;
      owner_tag: string | null;
    }> = [];
    const links: Array<{ stack_ref: string; owner_ref: string }> = [];
    for (const chunk of refs ? chunks(refs) : [undefined]) {
      stacks.push(
        ...(await tx('pulumi_stacks')
          .modify(q => {
            if (chunk) q.whereIn('stack_ref', chunk);
          })
          .select('stack_ref', 'owner', 'owner_tag')),
      );
      links.push(
        ...(await tx('pulumi_stack_links')
          .whereNotNull('owner_ref')
          .modify(q => {
            if (chunk) q.whereIn('stack_ref', chunk);
          })
          .orderBy(['stack_ref', 'entity_ref'])
          .select('stack_ref', 'owner_ref')),
      );
    }
    const entityOwner = new Map<string, string>();
    for (const link of links) {
      if (!entityOwner.has(link.stack_ref)) {
        entityOwner.set(link.stack_ref, link.owner_ref);
      }
    }
    const byOwner = new Map<string | null, string[]>();
    for (const stack of stacks) {
      const want = stack.owner_tag ?? entityOwner.get(stack.stack_ref) ?? null;
      if (want === stack.owner) continue;
      byOwner.set(want, [...(byOwner.get(want) ?? []), stack.stack_ref]);
    }
    await updateByValue(tx, 'owner', byOwner);
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
      const resources = state.resources.map((r, ordinal) => ({
        stack_ref: stackRef,
        ordinal,
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: r.custom,
        resource_id: r.id ?? null,
        parent: r.parent ?? null,
        provider_urn: r.provider?.urn ?? null,
        provider_package: r.provider?.package ?? null,
        provider_version: r.provider?.version ?? null,
        created: r.created ?? null,
        modified: r.modified ?? null,
      }));
      for (const chunk of chunks(resources, 50)) {
        await tx('pulumi_stack_resources').insert(chunk);
      }
      await tx('pulumi_stack_updates').where({ stack_ref: stackRef }).delete();
      const updates = history.map((u, ordinal) => ({
        stack_ref: stackRef,
        ordinal,
        version: u.version ?? null,
        kind: u.kind,
        result: u.result,
        start_time: u.startTime,
        end_time: u.endTime ?? null,
        message: u.message ?? null,
        resource_changes: JSON.stringify(u.resourceChanges),
      }));
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
      await this.refreshOwners(tx);
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
    this.applyOrder(query, sort, order);
    if (filter.backendId) query.where('backend_id', filter.backendId);
    if (filter.project) query.where('project', filter.project);
    if (filter.driftStatus) query.where('drift_status', filter.driftStatus);
    if (filter.owner) {
      whereOwnedBy(this.db, query, [filter.owner]);
    }
    if (filter.entityRef) {
      query.whereIn(
        'stack_ref',
        this.db('pulumi_stack_links')
          .select('stack_ref')
          .where('entity_ref', filter.entityRef.toLocaleLowerCase('en-US')),
      );
    }
    if (filter.text) {
      const pattern = likePattern(filter.text);
      query.where(q =>
        q
          .whereRaw(`lower(project) like ? escape '\\'`, [pattern])
          .orWhereRaw(`lower(stack) like ? escape '\\'`, [pattern]),
      );
    }
    if (filter.permission) {
      const criteria = filter.permission;
      query.where(q => this.applyPermission(q, criteria));
    }
    if (after) {
      query.where(q => this.applyKeyset(q, sort, order, after));
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

  /** Orders by the sort's column, nulls last either way, then by ref; the keyset below follows it. */
  private applyOrder(
    query: Knex.QueryBuilder,
    sort: PulumiStackSort,
    order: PulumiSortOrder,
  ): void {
    if (sort === 'name') {
      query.orderBy('stack_ref', order);
      return;
    }
    if (sort === 'driftStatus') {
      query.orderByRaw(`${DRIFT_RANK_SQL} ${order}`, [...DRIFT_STATUSES]);
    } else {
      // Spelled out: knex rewrites `nulls last` for SQLite without the column's own order.
      query.orderByRaw(`?? ${order} nulls last`, [SORT_COLUMNS[sort]]);
    }
    query.orderBy('stack_ref', 'asc');
  }

  /** Keeps the rows that come after the cursor in the order of {@link applyOrder}. */
  private applyKeyset(
    q: Knex.QueryBuilder,
    sort: PulumiStackSort,
    order: PulumiSortOrder,
    after: SortCursor,
  ): void {
    const beyond = order === 'asc' ? '>' : '<';
    if (sort === 'name') {
      q.where('stack_ref', beyond, after.ref);
      return;
    }
    if (sort === 'driftStatus') {
      const rank = driftRank(after.key);
      const later = DRIFT_STATUSES.filter((_, r) =>
        order === 'asc' ? r > rank : r < rank,
      );
      q.whereIn('drift_status', later).orWhere(sub =>
        sub
          .where('drift_status', after.key!)
          .where('stack_ref', '>', after.ref),
      );
      return;
    }
    const column = SORT_COLUMNS[sort];
    if (after.key === null) {
      q.whereNull(column).where('stack_ref', '>', after.ref);
      return;
    }
    q.where(column, beyond, after.key)
      .orWhere(sub =>
        sub.where(column, after.key!).where('stack_ref', '>', after.ref),
      )
      .orWhereNull(column);
  }

  private applyPermission(
    q: Knex.QueryBuilder,
    criteria: PermissionCriteria<PulumiStackPermissionQuery>,
  ): void {
    if (isAndCriteria(criteria)) {
      for (const c of criteria.allOf) {
        q.andWhere(sub => this.applyPermission(sub, c));
      }
    } else if (isOrCriteria(criteria)) {
      q.where(outer => {
        for (const c of criteria.anyOf) {
          outer.orWhere(sub => this.applyPermission(sub, c));
        }
      });
    } else if (isNotCriteria(criteria)) {
      q.whereNot(sub => this.applyPermission(sub, criteria.not));
    } else if (criteria.key === 'backendId') {
      q.whereIn('backend_id', criteria.values);
    } else if (criteria.key === 'stackName') {
      const names = criteria.values.map(v => v.toLocaleLowerCase('en-US'));
      if (names.length === 0) q.whereRaw('1 = 0');
      else q.whereRaw(`lower(stack) in (${names.map(() => '?')})`, names);
    } else {
      whereOwnedBy(this.db, q, criteria.values);
    }
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
      items: items.map(r => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        custom: Boolean(r.custom),
        id: r.resource_id ?? undefined,
        parent: r.parent ?? undefined,
        provider: r.provider_urn
          ? {
              urn: r.provider_urn,
              package: r.provider_package ?? undefined,
              version: r.provider_version ?? undefined,
            }
          : undefined,
        created: r.created ?? undefined,
        modified: r.modified ?? undefined,
      })),
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
    return rows.map(r => ({
      version: r.version ?? undefined,
      kind: r.kind,
      result: r.result,
      startTime: r.start_time,
      endTime: r.end_time ?? undefined,
      message: r.message ?? undefined,
      resourceChanges: parseJson(r.resource_changes, {}),
    }));
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
    return rows.map(row => {
      const lastUpdate = toIso(row.last_update_time);
      const driftCheckedAt = toIso(row.drift_checked_at);
      const driftInterval =
        row.drift_interval_seconds === null ||
        row.drift_interval_seconds === undefined
          ? undefined
          : Number(row.drift_interval_seconds);
      const driftNextCheckAt =
        driftInterval === 0 ? undefined : toIso(row.drift_next_check_at);
      return {
        ref: row.stack_ref,
        backendId: row.backend_id,
        organization: row.organization,
        project: row.project,
        stack: row.stack,
        ...(lastUpdate
          ? {
              lastUpdate: {
                time: lastUpdate,
                result: row.last_update_result ?? undefined,
                kind: row.last_update_kind ?? undefined,
              },
            }
          : {}),
        resourceCount: row.resource_count ?? undefined,
        driftStatus: row.drift_status,
        ...(driftCheckedAt ? { driftCheckedAt } : {}),
        ...(driftNextCheckAt ? { driftNextCheckAt } : {}),
        ...(driftInterval !== undefined
          ? { driftIntervalSeconds: driftInterval }
          : {}),
        entityRefs: links
          .filter(l => l.stack_ref === row.stack_ref)
          .map(l => l.entity_ref)
          .sort(),
        ...(row.owner ? { owner: row.owner } : {}),
        syncedAt: toIso(row.synced_at)!,
      };
    });
  }
}

/** Whether a cursor's key is a value that the sort's column can hold. */
function isSortKey(sort: PulumiStackSort, key: unknown): boolean {
  switch (sort) {
    case 'name':
      return key === null;
    case 'driftStatus':
      return driftRank(key) >= 0;
    case 'resourceCount':
      return key === null || Number.isInteger(key);
    default:
      return key === null || (typeof key === 'string' && isIsoTimestamp(key));
  }
}

/** A row's value of the sort column, as the cursor carries it: timestamps as ISO strings. */
function sortKey(row: StackRow, sort: PulumiStackSort): string | number | null {
  const value = (row as Record<string, unknown>)[SORT_COLUMNS[sort]];
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value as string | number;
}
