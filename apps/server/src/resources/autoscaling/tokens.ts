// NextToken of the Describe operations: base64url JSON of the last item's sort key, bound to
// the request's filters; anything else is InvalidNextTokenException.
import { createHash } from 'node:crypto';
import { invalidNextToken } from './errors.ts';

export type After = [number, string];
const fingerprint = (scope: unknown) =>
  createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 12);

export function encodeToken(scope: unknown, after: After): string {
  return Buffer.from(JSON.stringify({ v: 1, s: fingerprint(scope), a: after })).toString('base64url');
}

export function decodeToken(token: string | undefined, scope: unknown): After | undefined {
  if (token === undefined) return undefined;
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      t?.v === 1 &&
      t.s === fingerprint(scope) &&
      Array.isArray(t.a) &&
      Number.isFinite(t.a[0]) &&
      typeof t.a[1] === 'string'
    )
      return [t.a[0], t.a[1]];
  } catch {
    // fall through
  }
  throw invalidNextToken();
}

/** The `where` that resumes after `after` in (field, id) order. */
export function resumeWhere(after: After | undefined, field: string, dir: 'asc' | 'desc') {
  if (!after) return {};
  const cmp = dir === 'asc' ? 'gt' : 'lt';
  const at = new Date(after[0]);
  return { OR: [{ [field]: { [cmp]: at } }, { [field]: at, id: { [cmp]: after[1] } }] };
}
