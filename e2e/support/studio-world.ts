// A real Tessera server (child process, as `pnpm start` runs it) with a domain and a user
// profile owned by a fresh non-admin user, created through the admin REST API.
import { join } from 'node:path';
import { killInstances, signIn, startServer, waitFor, type RunningServer, type Session } from '@tessera/test-support';

export interface StudioUser {
  username: string;
  password: string;
  session: Session;
  domainId: string;
  profile: string;
  /** The profile's home directory on the server's disk (named by its HomeEfsFileSystemUid). */
  home: string;
}

export interface StudioWorld {
  server: RunningServer;
  admin: Session;
  newUser(domainId?: string): Promise<StudioUser>;
  newDomain(): Promise<string>;
  close(): Promise<void>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${counter++}`;

export async function startStudioWorld(env: Record<string, string> = {}): Promise<StudioWorld> {
  const server = await startServer({ env: { TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*', ...env } });
  const admin = await signIn(server.url, 'admin', server.adminPassword);
  const ok = async (r: Promise<{ status: number; body: any }>) => {
    const res = await r;
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const newDomain = async () => {
    const body = await ok(
      admin.rest('POST', '/api/v1/domains', {
        DomainName: unique('e2e'),
        AuthMode: 'IAM',
        DefaultUserSettings: { ExecutionRole: 'arn:aws:iam::123456789012:role/SageMakerExecution' },
      }),
    );
    const domainId: string = body.DomainId ?? body.DomainArn.split('/').pop();
    await waitFor(
      async () =>
        (await admin.rest('GET', `/api/v1/domains/${domainId}`)).body.Status === 'InService' ? true : undefined,
      'domain InService',
      30_000,
      100,
    );
    return domainId;
  };
  return {
    server,
    admin,
    newDomain,
    async newUser(domainId) {
      const d = domainId ?? (await newDomain());
      const username = unique('scientist');
      const password = 'e2e-password-0123456';
      await ok(admin.rest('POST', '/api/v1/users', { username, password }));
      const profile = unique('p');
      await ok(
        admin.rest('POST', `/api/v1/domains/${d}/user-profiles`, { UserProfileName: profile, OwnerUsername: username }),
      );
      const described = await waitFor(
        async () => {
          const r = await admin.rest('GET', `/api/v1/domains/${d}/user-profiles/${profile}`);
          return r.body.Status === 'InService' ? r.body : undefined;
        },
        'profile InService',
        30_000,
        100,
      );
      const home = join(server.dataDir, 'home', d, 'homes', String(described.HomeEfsFileSystemUid));
      return { username, password, session: await signIn(server.url, username, password), domainId: d, profile, home };
    },
    async close() {
      await server.stop();
      // Jupyter servers the process backend started outlive a stopped server only by mistake.
      await killInstances(server.dataDir).catch(() => 0);
      server.cleanup();
    },
  };
}
