// Browser sessions. The cookie carries a 256-bit random token; the database keeps only its
// SHA-256, so a leaked database cannot be replayed as cookies.
import { createHash } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import type { Db } from '@tessera/db';
import { newToken } from './ids.ts';
import type { Principal } from './principal.ts';

export const SESSION_COOKIE = 'tessera_session';
const TOUCH_RESOLUTION_MS = 60_000;

/** How a session began, and for which user profile (SSO and presigned sessions open one). */
export interface SessionOptions {
  origin?: 'password' | 'sso' | 'presigned' | 'invite';
  domainId?: string;
  userProfileName?: string;
  /** Overrides the configured lifetime (CreatePresignedDomainUrl's SessionExpirationDurationInSeconds). */
  ttlSeconds?: number;
}

export interface SessionStore {
  create(userId: string, opts?: SessionOptions): Promise<{ token: string; expiresAt: Date }>;
  resolve(token: string): Promise<Principal | undefined>;
  destroy(token: string): Promise<void>;
}

/** The session token from a request's cookie, if any. */
export const sessionToken = (req: { headers: { cookie?: string } }): string | undefined =>
  parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];

export const sessionId = (token: string) => digest(token);
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export function createSessionStore(deps: { db: Db; ttlHours: number }): SessionStore {
  const { db } = deps;
  const ttlMs = deps.ttlHours * 3600_000;
  return {
    async create(userId, opts = {}) {
      const token = newToken();
      const expiresAt = new Date(Date.now() + (opts.ttlSeconds !== undefined ? opts.ttlSeconds * 1000 : ttlMs));
      await db.session.create({
        data: {
          id: digest(token),
          userId,
          expiresAt,
          origin: opts.origin ?? 'password',
          domainId: opts.domainId ?? null,
          userProfileName: opts.userProfileName ?? null,
        },
      });
      // Opportunistic clean-up of this user's expired sessions keeps the table small.
      await db.session.deleteMany({ where: { userId, expiresAt: { lt: new Date() } } });
      return { token, expiresAt };
    },
    async resolve(token) {
      const row = await db.session.findUnique({ where: { id: digest(token) }, include: { user: true } });
      if (!row || row.expiresAt.getTime() <= Date.now() || row.user.disabled) return undefined;
      if (Date.now() - row.lastSeenAt.getTime() > TOUCH_RESOLUTION_MS) {
        void db.session.update({ where: { id: row.id }, data: { lastSeenAt: new Date() } }).catch(() => {});
      }
      return { userId: row.user.id, username: row.user.username, isAdmin: row.user.isAdmin, via: { kind: 'session' } };
    },
    async destroy(token) {
      await db.session.deleteMany({ where: { id: digest(token) } });
    },
  };
}
