// Links that work once: invitations, password resets and CreatePresignedDomainUrl logins. The
// link carries a 256-bit random token; the database keeps only its SHA-256, so neither a leaked
// database nor a log line can be replayed as a link.
import { createHash } from 'node:crypto';
import type { Db, OneTimeToken } from '@tessera/db';
import { newToken } from './ids.ts';

export type TokenPurpose = 'Invite' | 'PasswordReset' | 'PresignedDomainUrl';

export interface NewOneTimeToken {
  purpose: TokenPurpose;
  userId: string;
  createdById?: string;
  domainId?: string;
  userProfileName?: string;
  /** How long the session the link opens lasts (presigned URLs). */
  sessionSeconds?: number;
  expiresInSeconds: number;
}

export interface OneTimeTokens {
  /** A new token; earlier unused tokens of the same purpose for the same user stop working. */
  issue(input: NewOneTimeToken): Promise<{ token: string; expiresAt: Date }>;
  /** The token's row if it is unused, unexpired and of this purpose; does not use it up. */
  peek(token: string, purpose: TokenPurpose): Promise<OneTimeToken | undefined>;
  /**
   * Uses the token up and returns its row, or undefined when it is unknown, of another purpose,
   * expired or already used. Of two racing calls with the same token exactly one gets the row.
   */
  consume(token: string, purpose: TokenPurpose): Promise<OneTimeToken | undefined>;
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

// A base64url token of 32 bytes is 43 characters; anything else is not ours and skips the query.
const WELL_FORMED = /^[A-Za-z0-9_-]{43}$/;

export function createOneTimeTokens(deps: { db: Db }): OneTimeTokens {
  const { db } = deps;
  return {
    async issue(input) {
      const token = newToken();
      const expiresAt = new Date(Date.now() + input.expiresInSeconds * 1000);
      // Presigned URLs may coexist (an admin can hand out several); a new invite or reset link
      // replaces the previous one, so only the latest link sent to a person works.
      if (input.purpose !== 'PresignedDomainUrl') {
        await db.oneTimeToken.deleteMany({ where: { userId: input.userId, purpose: input.purpose, usedAt: null } });
      }
      // Used and expired rows of this user are of no further use.
      await db.oneTimeToken.deleteMany({
        where: { userId: input.userId, expiresAt: { lt: new Date(Date.now() - 86_400_000) } },
      });
      await db.oneTimeToken.create({
        data: {
          tokenHash: tokenHash(token),
          purpose: input.purpose,
          userId: input.userId,
          createdById: input.createdById ?? null,
          domainId: input.domainId ?? null,
          userProfileName: input.userProfileName ?? null,
          sessionSeconds: input.sessionSeconds ?? null,
          expiresAt,
        },
      });
      return { token, expiresAt };
    },
    async peek(token, purpose) {
      if (!WELL_FORMED.test(token)) return undefined;
      const row = await db.oneTimeToken.findUnique({ where: { tokenHash: tokenHash(token) } });
      if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt.getTime() <= Date.now()) return undefined;
      return row;
    },
    async consume(token, purpose) {
      if (!WELL_FORMED.test(token)) return undefined;
      const hash = tokenHash(token);
      const now = new Date();
      // One conditional UPDATE: the database decides the race, not a read followed by a write.
      const { count } = await db.oneTimeToken.updateMany({
        where: { tokenHash: hash, purpose, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      if (count !== 1) return undefined;
      return (await db.oneTimeToken.findUnique({ where: { tokenHash: hash } })) ?? undefined;
    },
  };
}
