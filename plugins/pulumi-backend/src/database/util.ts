import { InputError } from '@backstage/errors';

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
  const date = new Date(
    text.includes('T') || text.endsWith('Z') ? text : `${text}Z`,
  );
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
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
