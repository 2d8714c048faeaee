// Opaque NextToken values: a keyset cursor (the last item's sort value and id) bound to the
// listing's filter, base64url-encoded. A token from another listing, or a mangled one, is a
// ValidationException, never a silent restart from the beginning.
import { createHash } from 'node:crypto';
import { validation } from './errors.ts';

export interface Cursor {
  after: [number | string, string];
}

const fingerprint = (scope: unknown) =>
  createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 12);

export function encodeToken(scope: unknown, cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ v: 1, s: fingerprint(scope), a: cursor.after })).toString('base64url');
}

export function decodeToken(token: string | undefined, scope: unknown): Cursor | undefined {
  if (token === undefined) return undefined;
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    const [key, id] = Array.isArray(t.a) && t.a.length === 2 ? t.a : [];
    const validKey = (typeof key === 'number' && Number.isFinite(key)) || typeof key === 'string';
    if (t.v === 1 && t.s === fingerprint(scope) && validKey && typeof id === 'string') {
      return { after: [t.a[0], t.a[1]] };
    }
  } catch {
    // fall through
  }
  throw validation(
    'Invalid NextToken: it was not issued for this listing with these parameters. ' +
      'Repeat the request without NextToken.',
  );
}

/** Splits a fetched page of `limit + 1` rows into the page and the token for the next one. */
export function page<T>(
  rows: T[],
  limit: number,
  scope: unknown,
  cursorOf: (row: T) => Cursor['after'],
): { items: T[]; nextToken?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextToken: encodeToken(scope, { after: cursorOf(items[items.length - 1]!) }) };
}

/**
 * The `where` clause that resumes a keyset listing after a cursor, ordered by `field` then by
 * `tieBreaker` (unique), in direction `dir`. Dates travel in tokens as epoch milliseconds.
 */
export function resumeAfter(
  cursor: Cursor | undefined,
  field: string,
  tieBreaker: string,
  dir: 'asc' | 'desc',
  isDate: boolean,
) {
  if (!cursor) return {};
  const cmp = dir === 'asc' ? 'gt' : 'lt';
  const key = isDate ? new Date(cursor.after[0]) : String(cursor.after[0]);
  return { OR: [{ [field]: { [cmp]: key } }, { [field]: key, [tieBreaker]: { [cmp]: cursor.after[1] } }] };
}

/** A Prisma date filter from the API's optional epoch-second bounds (undefined: no filter). */
export function timeRange(after?: number, before?: number) {
  if (!after && !before) return undefined;
  return { ...(after ? { gt: new Date(after * 1000) } : {}), ...(before ? { lt: new Date(before * 1000) } : {}) };
}
