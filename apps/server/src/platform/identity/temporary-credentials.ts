// Temporary credentials, as STS issues them: an access key id (ASIA…), a secret and a session
// token that the request must carry, all three expiring together. Nothing is stored: the session
// token is the credentials' own record, sealed with the server's key (AES-GCM, secret-box.ts), so
// any server sharing that key can verify it and no client can forge or extend one. What they grant
// is looked up at each use: the user they were issued for, as that user is now (disabled or deleted
// users' credentials stop working at once, within the lookup cache's few seconds).
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
}

export const TEMPORARY_KEY_PREFIX = 'ASIA';
const CACHE_TTL_MS = 5_000;

export interface TemporaryCredentialStore {
  issue(opts: IssueTemporary): TemporaryCredentials;
  /** The secret and principal of temporary credentials, `'expired'`, or undefined (not ours, forged, user gone). */
  resolve(
    accessKeyId: string,
    sessionToken: string,
  ): Promise<{ secretAccessKey: string; principal: Principal } | 'expired' | undefined>;
}

export function createTemporaryCredentialStore(deps: { db: Db; box: SecretBox; now?: () => number }) {
  const { db, box } = deps;
  const now = deps.now ?? Date.now;
  const users = new Map<string, { at: number; user: { username: string; isAdmin: boolean } | undefined }>();

  async function userOf(id: string) {
    const hit = users.get(id);
    if (hit && now() - hit.at < CACHE_TTL_MS) return hit.user;
    const row = await db.user.findUnique({ where: { id }, select: { username: true, isAdmin: true, disabled: true } });
    const user = row && !row.disabled ? { username: row.username, isAdmin: row.isAdmin } : undefined;
    if (users.size > 10_000) users.clear();
    users.set(id, { at: now(), user });
    return user;
  }

  const store: TemporaryCredentialStore = {
    issue({ userId, roleArn, sessionName, seconds }) {
      const accessKeyId = newTemporaryAccessKeyId();
      const secretAccessKey = newSecretAccessKey();
      const exp = Math.floor(now() / 1000) + seconds;
      const sealed: Sealed = {
        v: 1,
        ak: accessKeyId,
        sk: secretAccessKey,
        uid: userId,
        role: roleArn,
        name: sessionName,
        exp,
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
      if (sealed.v !== 1 || sealed.ak !== accessKeyId) return undefined;
      if (now() >= sealed.exp * 1000) return 'expired';
      const user = await userOf(sealed.uid);
      if (!user) return undefined;
      return {
        secretAccessKey: sealed.sk,
        principal: {
          userId: sealed.uid,
          username: user.username,
          isAdmin: user.isAdmin,
          via: {
            kind: 'temporary',
            accessKeyId,
            roleArn: sealed.role,
            sessionName: sealed.name,
            expiresAt: new Date(sealed.exp * 1000),
          },
        },
      };
    },
  };
  return store;
}
