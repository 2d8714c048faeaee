// Access keys for programs (SigV4). Secrets are stored sealed; resolved keys are cached for a
// few seconds because every SDK request needs one, and revocation clears the cache at once
// in this process (other processes see it within the TTL).
import type { Db } from '@tessera/db';
import { limitExceeded } from '../errors.ts';
import { writeTransaction } from '../db/transaction.ts';
import { newAccessKeyId, newSecretAccessKey } from './ids.ts';
import type { Principal } from './principal.ts';
import type { SecretBox } from './secret-box.ts';
import { TEMPORARY_KEY_PREFIX, type TemporaryCredentialStore } from './temporary-credentials.ts';

export interface ResolvedKey {
  secretAccessKey: string;
  principal: Principal;
}

export interface AccessKeyStore {
  issue(userId: string): Promise<{ accessKeyId: string; secretAccessKey: string; createdAt: Date }>;
  list(userId: string): Promise<{ accessKeyId: string; status: string; createdAt: Date; lastUsedAt: Date | null }[]>;
  revoke(userId: string, accessKeyId: string): Promise<boolean>;
  /**
   * Looks a key up (cached): a long-term key (which carries no session token), or temporary
   * credentials (whose session token is their record). Says nothing about whether the request
   * was signed correctly.
   */
  resolve(accessKeyId: string, sessionToken?: string): Promise<ResolvedKey | undefined | 'expired'>;
  /** Records use of a key after its signature was verified. */
  markUsed(accessKeyId: string): void;
  /** Drops cached lookups, so a user disabled or demoted a moment ago is seen at once. */
  forgetCached(): void;
}

const CACHE_TTL_MS = 5_000;
const LAST_USED_RESOLUTION_MS = 60_000;
const MAX_KEYS_PER_USER = 10;

export function createAccessKeyStore(deps: {
  db: Db;
  box: SecretBox;
  temporary: TemporaryCredentialStore;
  now?: () => number;
}): AccessKeyStore {
  const { db, box } = deps;
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { value: ResolvedKey | undefined; at: number }>();
  const lastUsedWritten = new Map<string, number>();
  // Bumped by revoke: a lookup that started before the revocation must not re-cache the key.
  let generation = 0;

  function touch(accessKeyId: string) {
    const t = now();
    if (t - (lastUsedWritten.get(accessKeyId) ?? 0) < LAST_USED_RESOLUTION_MS) return;
    lastUsedWritten.set(accessKeyId, t);
    void db.accessKey.update({ where: { id: accessKeyId }, data: { lastUsedAt: new Date(t) } }).catch(() => {});
  }

  return {
    async issue(userId) {
      const accessKeyId = newAccessKeyId();
      const secretAccessKey = newSecretAccessKey();
      const row = await writeTransaction(db, async (tx) => {
        const count = await tx.accessKey.count({ where: { userId } });
        if (count >= MAX_KEYS_PER_USER)
          throw limitExceeded(`A user may hold at most ${MAX_KEYS_PER_USER} access keys; revoke one first`);
        return tx.accessKey.create({ data: { id: accessKeyId, userId, secretEncrypted: box.seal(secretAccessKey) } });
      });
      return { accessKeyId, secretAccessKey, createdAt: row.createdAt };
    },
    async list(userId) {
      const rows = await db.accessKey.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
      return rows.map((r) => ({
        accessKeyId: r.id,
        status: r.status,
        createdAt: r.createdAt,
        lastUsedAt: r.lastUsedAt,
      }));
    },
    async revoke(userId, accessKeyId) {
      generation++;
      cache.delete(accessKeyId);
      const { count } = await db.accessKey.deleteMany({ where: { id: accessKeyId, userId } });
      generation++;
      cache.delete(accessKeyId);
      deps.temporary.forgetCached(); // sessions made with it end now, not in a few seconds
      return count > 0;
    },
    async resolve(accessKeyId, sessionToken) {
      if (accessKeyId.startsWith(TEMPORARY_KEY_PREFIX))
        return sessionToken === undefined ? undefined : deps.temporary.resolve(accessKeyId, sessionToken);
      // A long-term key signs without a session token; one sent with it is not this key's.
      if (sessionToken !== undefined) return undefined;
      const hit = cache.get(accessKeyId);
      if (hit && now() - hit.at < CACHE_TTL_MS) return hit.value;
      const before = generation;
      const row = await db.accessKey.findUnique({ where: { id: accessKeyId }, include: { user: true } });
      const value =
        row && row.status === 'Active' && !row.user.disabled
          ? {
              secretAccessKey: box.open(row.secretEncrypted),
              principal: {
                userId: row.user.id,
                username: row.user.username,
                isAdmin: row.user.isAdmin,
                via: { kind: 'accessKey' as const, accessKeyId },
              },
            }
          : undefined;
      if (generation === before) {
        if (cache.size > 10_000) cache.clear();
        cache.set(accessKeyId, { value, at: now() });
      }
      return value;
    },
    markUsed: touch,
    forgetCached() {
      generation++;
      cache.clear();
      deps.temporary.forgetCached();
    },
  };
}
