// Tokens of the CloudWatch Logs API.
// - GetLogEvents: `f/<offset>/<stream>` and `b/<offset>/<stream>`, the byte offset of a place
//   between two events and a fingerprint of group and stream. They are deterministic, so a
//   forward read that finds nothing new hands back exactly the token it was given, which is how
//   boto3 and SageMaker SDK tailers see that they reached the end.
// - Listings and FilterLogEvents: base64url JSON of where the page stopped, bound to the
//   request's filter (a token from another request is refused, never silently restarted).
import { createHash } from 'node:crypto';
import type { LogPosition } from '../../platform/logs/log-store.ts';
import { invalidParameter } from './errors.ts';

const fingerprint = (scope: unknown) =>
  createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 12);
const invalid = () => invalidParameter('The specified nextToken is invalid.');

export function eventsToken(
  direction: 'forward' | 'backward',
  position: LogPosition,
  group: string,
  stream: string,
): string {
  return `${direction === 'forward' ? 'f' : 'b'}/${String(position).padStart(20, '0')}/${fingerprint([group, stream])}`;
}

export function decodeEventsToken(
  token: string,
  group: string,
  stream: string,
): { position: LogPosition; direction: 'forward' | 'backward' } {
  const m = /^([fb])\/(\d{20})\/([\w-]{12})$/.exec(token);
  if (!m || m[3] !== fingerprint([group, stream])) throw invalid();
  const position = Number(m[2]);
  if (!Number.isSafeInteger(position)) throw invalid();
  return { position, direction: m[1] === 'f' ? 'forward' : 'backward' };
}

export function encodeListToken(scope: unknown, after: unknown): string {
  return Buffer.from(JSON.stringify({ v: 1, s: fingerprint(scope), a: after })).toString('base64url');
}

/** The `after` of a list token, checked by `valid`; undefined without a token. */
export function decodeListToken<T>(
  token: string | undefined,
  scope: unknown,
  valid: (after: unknown) => after is T,
): T | undefined {
  if (token === undefined) return undefined;
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (t?.v === 1 && t.s === fingerprint(scope) && valid(t.a)) return t.a;
  } catch {
    // fall through
  }
  throw invalid();
}
