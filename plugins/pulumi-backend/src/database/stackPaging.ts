import {
  DRIFT_STATUSES,
  DriftStatus,
  PulumiSortOrder,
  PulumiStackSort,
} from '@stackyard/plugin-pulumi-common';
import { Knex } from 'knex';
import type { StackRow } from './stackRows';
import { isIsoTimestamp, SortCursor } from './util';

// Keyset paging of the stack list: the order of each sort, the rows after a cursor, and the cursor's key.

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

/** Orders by the sort's column, nulls last either way, then by ref; the keyset below follows it. */
export function applyOrder(
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
export function applyKeyset(
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
      sub.where('drift_status', after.key!).where('stack_ref', '>', after.ref),
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

/** Whether a cursor's key is a value that the sort's column can hold. */
export function isSortKey(sort: PulumiStackSort, key: unknown): boolean {
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
export function sortKey(
  row: StackRow,
  sort: PulumiStackSort,
): string | number | null {
  const value = (row as Record<string, unknown>)[SORT_COLUMNS[sort]];
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return value as string | number;
}
