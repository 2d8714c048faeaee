// Temporary credentials, as STS issues them: an access key id (ASIA…), a secret and a session
// token that the request must carry, all three expiring together. Nothing is stored: the session
// token is the credentials' own record, sealed with the server's key (AES-GCM, secret-box.ts), so
// any server sharing that key can verify it and no client can forge or extend one. What they grant
// is looked up at each use: the user they were issued for, as that user is now — never an
// administrator's power, whoever the user is (credentials inside containers run code the user did
// not all write). They stop working, within the lookup cache's few seconds, when the user is
// disabled or deleted, when the access key they were made with is revoked, and for good when an
// administrator revokes every session of the user (revokeAll: disabling, enabling, a password reset).
import type { Db } from '@tessera/db';
import { newSecretAccessKey, newTemporaryAccessKeyId } from './ids.ts';
import type { Principal } from './principal.ts';
import type { SecretBox } from './secret-box.ts';

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export interface IssueTemporary {
  userId: string;
  /** The long-term access key they were made with (AssumeRole), directly or down a chain: revoking it ends them. */
  parentAccessKeyId?: string;
  /** The role the session is of (an execution role), as GetCallerIdentity names it. */
  roleArn: string;
  /** The session's name: the user's name for Studio and jobs, RoleSessionName for AssumeRole. */
  sessionName: string;
  seconds: number;
}

/** What a session token says, once opened. */
interface Sealed {
  v: 1;
  ak: string;
  sk: string;
  uid: string;
  role: string;
  name: string;
  exp: number;
  /** Issued at (epoch ms): revokeAll ends everything issued before it. */
  iat: number;
  pk?: string;
}

export const TEMPORARY_KEY_PREFIX = 'ASIA';
const CACHE_TTL_MS = 5_000;
const notBeforeKey = (userId: string) => `credentialsNotBefore:${userId}`;

export interface TemporaryCredentialStore {
  issue(opts: IssueTemporary): TemporaryCredentials;
  /** The secret and principal of temporary credentials, `'expired'`, or undefined (not ours, forged, user gone). */
  resolve(
    accessKeyId: string,
    sessionToken: string,
  ): Promise<{ secretAccessKey: string; principal: Principal } | 'expired' | undefined>;
  /** Ends every temporary credential of the user issued until now (sessions of a compromised user). */
  revokeAll(userId: string): Promise<void>;
  /** Drops cached lookups, so a change a moment ago is seen at once. */
  forgetCached(): void;
}

export function createTemporaryCredentialStore(deps: { db: Db; box: SecretBox; now?: () => number }) {
  const { db, box } = deps;
  const now = deps.now ?? Date.now;
  type Standing = { username: string; notBefore: number } | undefined;
  const users = new Map<string, { at: number }>();
  const keys = new Map<string, { at: number }>();
  const cached = async <T>(map: Map<string, { at: number }>, key: string, load: () => Promise<T>) => {
    const hit = map.get(key) as { at: number; value: T } | undefined;
    if (hit && now() - hit.at < CACHE_TTL_MS) return hit.value;
    const value = await load();
    if (map.size > 10_000) map.clear();
    map.set(key, { at: now(), value } as never);
    return value;
  };

  /** The user as they are now, and since when their temporary credentials count. */
  const standing = (id: string) =>
    cached<Standing>(users, id, async () => {
      const row = await db.user.findUnique({ where: { id }, select: { username: true, disabled: true } });
      if (!row || row.disabled) return undefined;
      const since = await db.setting.findUnique({ where: { key: notBeforeKey(id) } });
      return { username: row.username, notBefore: Number(since?.value ?? 0) };
    });
  const keyLive = (id: string) =>
    cached<boolean>(keys, id, async () => (await db.accessKey.findUnique({ where: { id } }))?.status === 'Active');

  const store: TemporaryCredentialStore = {
    issue({ userId, roleArn, sessionName, seconds, parentAccessKeyId }) {
      const accessKeyId = newTemporaryAccessKeyId();
      const secretAccessKey = newSecretAccessKey();
      const iat = now();
      const exp = Math.floor(iat / 1000) + seconds;
      const sealed: Sealed = {
        v: 1,
        ak: accessKeyId,
        sk: secretAccessKey,
        uid: userId,
        role: roleArn,
        name: sessionName,
        exp,
        iat,
        ...(parentAccessKeyId ? { pk: parentAccessKeyId } : {}),
      };
      return {
        accessKeyId,
        secretAccessKey,
        // URL-safe, so a presigned URL carries it without escaping surprises.
        sessionToken: Buffer.from(box.seal(JSON.stringify(sealed))).toString('base64url'),
        expiration: new Date(exp * 1000),
      };
    },
    async resolve(accessKeyId, sessionToken) {
      let sealed: Sealed;
      try {
        sealed = JSON.parse(box.open(Buffer.from(sessionToken, 'base64url').toString('utf8'))) as Sealed;
      } catch {
        return undefined;
      }
      if (sealed.v !== 1 || sealed.ak !== accessKeyId || typeof sealed.iat !== 'number') return undefined;
      if (now() >= sealed.exp * 1000) return 'expired';
      const user = await standing(sealed.uid);
      if (!user || sealed.iat < user.notBefore) return undefined;
      if (sealed.pk && !(await keyLive(sealed.pk))) return undefined;
      return {
        secretAccessKey: sealed.sk,
        principal: {
          userId: sealed.uid,
          username: user.username,
          isAdmin: false,
          via: {
            kind: 'temporary',
            accessKeyId,
            roleArn: sealed.role,
            sessionName: sealed.name,
            expiresAt: new Date(sealed.exp * 1000),
            ...(sealed.pk ? { parentAccessKeyId: sealed.pk } : {}),
          },
        },
      };
    },
    async revokeAll(userId) {
      const value = String(now());
      await db.setting.upsert({
        where: { key: notBeforeKey(userId) },
        create: { key: notBeforeKey(userId), value },
        update: { value },
      });
      users.delete(userId);
    },
    forgetCached() {
      users.clear();
      keys.clear();
    },
  };
  return store;
}
