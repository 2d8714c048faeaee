// Boots a real server (child process) on the database chosen by TESSERA_TEST_DB, signs in as
// the bootstrap admin and hands out real clients. One per test file.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CreateDomainCommand,
  DescribeDomainCommand,
  DescribeUserProfileCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll } from 'vitest';
import {
  adminClients,
  issueAccessKey,
  sageMakerClient,
  signIn,
  startServer,
  testDatabase,
  waitFor,
  type RunningServer,
  type Session,
} from '@tessera/test-support';

export interface Harness {
  server: RunningServer;
  sagemaker: SageMakerClient;
  session: Session;
  credentials: { accessKeyId: string; secretAccessKey: string };
  close(): Promise<void>;
}

export async function boot(env: Record<string, string> = {}): Promise<Harness> {
  const db = await testDatabase();
  const server = await startServer({ databaseUrl: db.url, env });
  const admin = await adminClients(server);
  return {
    server,
    ...admin,
    async close() {
      await server.stop();
      await server.cleanup();
      await db.drop();
    },
  };
}

/** One server for the test file: booted before its tests, stopped and removed after. */
export function useHarness(env: Record<string, string> = {}): Harness {
  const h = {} as Harness;
  beforeAll(async () => {
    Object.assign(h, await boot(env));
  });
  afterAll(async () => {
    await h.close?.();
  });
  return h;
}

/** For tests that start their own servers: what to undo after the file, in reverse order. */
export function useCleanups(): (...fns: (() => Promise<unknown> | unknown)[]) => void {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  return (...fns) => cleanups.push(...fns);
}

let counter = 0;
/** Unique, pattern-valid names so test files can share nothing. */
export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

export async function inService(sm: SageMakerClient, DomainId: string) {
  return waitFor(async () => {
    const d = await sm.send(new DescribeDomainCommand({ DomainId }));
    return d.Status === 'InService' ? d : undefined;
  }, `domain ${DomainId} InService`);
}

export async function createDomain(sm: SageMakerClient, name = uniqueName('dom')) {
  const out = await sm.send(
    new CreateDomainCommand({
      DomainName: name,
      AuthMode: 'IAM',
      DefaultUserSettings: { ExecutionRole: 'arn:aws:iam::123456789012:role/SageMakerExecution' },
    }),
  );
  await inService(sm, out.DomainId!);
  return out.DomainId!;
}

/**
 * A second, non-admin user with their own session and SDK client. With `profile`, they also own a
 * user profile in a domain shared by the file's users (see `giveProfile`), as a user who launches
 * instances must: quotas are kept per domain and user profile.
 */
export async function otherUser(h: Harness, username = uniqueName('user'), opts: { profile?: boolean } = {}) {
  const password = 'a-long-enough-password';
  const created = await h.session.rest('POST', '/api/v1/users', { username, password });
  if (created.status !== 200) throw new Error(JSON.stringify(created.body));
  if (opts.profile) await giveProfile(h, username);
  const session = await signIn(h.server.url, username, password);
  const credentials = await issueAccessKey(session);
  return { username, password, session, credentials, sagemaker: sageMakerClient(h.server.url, credentials) };
}

/**
 * GET /healthz, which must answer within `ms`; resolves to how long it took. A server whose event
 * loop is blocked never runs its SIGTERM handler either, so one that does not answer in time is
 * killed (SIGKILL) before this throws: the test fails at once instead of leaving the file to hang.
 */
export async function answersWithin(server: RunningServer, ms: number): Promise<number> {
  const started = Date.now();
  try {
    const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(ms) });
    if (!res.ok) throw new Error(`status ${res.status}`);
    return Date.now() - started;
  } catch (err) {
    server.process.kill('SIGKILL');
    throw new Error(`the server did not answer GET /healthz within ${ms} ms (${(err as Error).message})`);
  }
}

const sharedDomains = new WeakMap<object, Promise<string>>();

/** A user profile owned by `username` in the one domain this harness's users share (created on first use). */
export async function giveProfile(h: Pick<Harness, 'sagemaker' | 'session'>, username: string) {
  let domain = sharedDomains.get(h);
  if (!domain) {
    domain = createDomain(h.sagemaker, uniqueName('shared'));
    sharedDomains.set(h, domain);
  }
  const domainId = await domain;
  const profile = `${username}-p`;
  const made = await h.session.rest('POST', `/api/v1/domains/${domainId}/user-profiles`, {
    UserProfileName: profile,
    OwnerUsername: username,
  });
  if (made.status !== 200) throw new Error(JSON.stringify(made.body));
  return { domainId, profile, profileArn: made.body.UserProfileArn as string };
}

/**
 * A profile's home directory on the server's disk: named by its HomeEfsFileSystemUid, as
 * SageMaker's EFS names home directories (never by the profile's name, which can be reused).
 */
export async function homeDirOf(
  h: Pick<Harness, 'server' | 'sagemaker'>,
  DomainId: string,
  UserProfileName: string,
): Promise<string> {
  const p = await h.sagemaker.send(new DescribeUserProfileCommand({ DomainId, UserProfileName }));
  if (!p.HomeEfsFileSystemUid) throw new Error(`user profile ${UserProfileName} has no HomeEfsFileSystemUid`);
  return join(h.server.dataDir, 'home', DomainId, 'homes', p.HomeEfsFileSystemUid);
}

/**
 * A file of a home whose profile is gone: in the directory while the home is plain, else in the
 * kept volume's image (platform/storage/loop-volumes.ts names it by the directory's hash), read with
 * e2fsprogs' debugfs without mounting it.
 */
export function retainedHomeFile(h: Pick<Harness, 'server'>, home: string, name: string): string {
  if (existsSync(join(home, name))) return readFileSync(join(home, name), 'utf8');
  const hash = createHash('sha256').update(resolve(home)).digest('hex').slice(0, 24);
  const image = join(h.server.dataDir, 'volumes', 'kept', `${hash}.img`);
  if (!existsSync(image)) throw new Error(`${home} has neither ${name} nor a kept volume`);
  return execFileSync('debugfs', ['-R', `cat /${name}`, image], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}
