import { InputError } from '@backstage/errors';

/** An ISO timestamp as `Date.toISOString` writes it. */
const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Timestamps are written as ISO strings, which both SQLite and PostgreSQL compare correctly. */
export function toIso(value: unknown): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number') {
    return new Date(value).toISOString();
  }
  const text = String(value);
  // What this plugin writes reads back as it was: no parse for every timestamp of every row.
  if (CANONICAL_ISO.test(text)) return text;
  const date = new Date(
    text.includes('T') || text.endsWith('Z') ? text : `${text}Z`,
  );
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/**
 * A timestamp as the database returns it, in milliseconds: what `Date.parse(toIso(value))` gives, without
 * the string in between. NaN for a value that is not a time.
 */
export function toMillis(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return new Date(value).getTime();
  const text = String(value);
  return Date.parse(
    text.includes('T') || text.endsWith('Z') ? text : `${text}Z`,
  );
}

export function parseJson<T>(value: unknown, fallback: T): T {
  if (typeof value !== 'string' || value === '') {
    return fallback;
  }
  return JSON.parse(value) as T;
}

/** Opaque page cursors: the sort key of the last item of the page, base64url-encoded. */
export function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const decoded = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (typeof decoded?.after === 'string') {
      return decoded.after;
    }
  } catch {
    // fall through to the error below
  }
  throw new InputError(`cursor '${cursor}' is not a cursor this API returned`);
}

/** Escapes a user's text for a LIKE pattern. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/** Where a page of a sorted list ends: the sort it was made for, and the last item's sort key and ref. */
export interface SortCursor {
  sort: string;
  order: 'asc' | 'desc';
  /** The last item's value of the sort column, as the database returned it; null sorts last. */
  key: string | number | null;
  ref: string;
}

export function encodeSortCursor(cursor: SortCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/**
 * Reads a cursor of {@link encodeSortCursor}; throws an InputError naming `cursor` unless this API made it,
 * for this sort and order.
 */
export function decodeSortCursor(
  cursor: string,
  expected: { sort: string; order: 'asc' | 'desc' },
): SortCursor {
  let decoded: any;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // handled below
  }
  if (
    typeof decoded?.sort !== 'string' ||
    (decoded.order !== 'asc' && decoded.order !== 'desc') ||
    typeof decoded.ref !== 'string' ||
    !(
      decoded.key === null ||
      typeof decoded.key === 'string' ||
      typeof decoded.key === 'number'
    )
  ) {
    throw new InputError(
      `cursor '${cursor}' is not a cursor this API returned`,
    );
  }
  if (decoded.sort !== expected.sort || decoded.order !== expected.order) {
    throw new InputError(
      `cursor was made for sort '${decoded.sort}' in order '${decoded.order}', not sort '${expected.sort}' in order '${expected.order}'; ask for the first page again without a cursor`,
    );
  }
  return {
    sort: decoded.sort,
    order: decoded.order,
    key: decoded.key,
    ref: decoded.ref,
  };
}

const ISO_TIMESTAMP =
  /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d{1,6})?(?:Z|[+-](\d\d):(\d\d))$/;

/**
 * Whether `text` is an ISO 8601 timestamp of a real instant, as the stores write them: the month, day,
 * hour, minute, second and offset must each exist (no 2020-13-45T99:99:99Z), so that no database is
 * asked to compare with an impossible date, which SQLite would do as text and PostgreSQL refuse.
 */
export function isIsoTimestamp(text: string): boolean {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetH, offsetM] = match
    .slice(1)
    .map(part => (part === undefined ? 0 : Number(part)));
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetH < 24 &&
    offsetM < 60
  );
}
