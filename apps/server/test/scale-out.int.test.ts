// The scale-out path: two server processes on one PostgreSQL database and one shared data
// directory (as two hosts would mount one volume), sharing TESSERA_SECRET_KEY.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateUserProfileCommand,
  DescribeDomainCommand,
  ListUserProfilesCommand,
} from '@aws-sdk/client-sagemaker';
import {
  adminClients,
  createPgDatabase,
  killInstances,
  sageMakerClient,
  signIn,
  startServer,
  waitFor,
} from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { uniqueName, useCleanups } from './harness.ts';

const cleanup = useCleanups();

describe('two servers on one PostgreSQL database', () => {
  it('share users, access keys, domains and profiles; either one serves any of them', async () => {
    const db = await createPgDatabase();
    cleanup(() => db.drop());
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-shared-'));
    // Homes are volumes mounted under the data directory: unmounted before it goes.
    cleanup(async () => {
      await killInstances(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    });
    const env = { TESSERA_SECRET_KEY: randomBytes(32).toString('base64') };
    // Started together: migrations and the admin bootstrap must not race each other into errors.
    const [a, b] = await Promise.all([
      startServer({ databaseUrl: db.url, dataDir, env }),
      startServer({ databaseUrl: db.url, dataDir, env }),
    ]);
    cleanup(
      () => a.stop(),
      () => b.stop(),
    );

    const { sagemaker: viaA, credentials } = await adminClients(a);
    const viaB = sageMakerClient(b.url, credentials); // a key issued by A works on B
    const { DomainId } = await viaA.send(
      new CreateDomainCommand({ DomainName: uniqueName('shared'), AuthMode: 'IAM', DefaultUserSettings: {} }),
    );
    const seenByB = await waitFor(async () => {
      const d = await viaB.send(new DescribeDomainCommand({ DomainId }));
      return d.Status === 'InService' ? d : undefined;
    }, 'domain InService through B');
    expect(seenByB.DomainId).toBe(DomainId);
    await viaB.send(new CreateUserProfileCommand({ DomainId, UserProfileName: 'from-b' }));
    const listed = await viaA.send(new ListUserProfilesCommand({ DomainIdEquals: DomainId }));
    expect(listed.UserProfiles!.map((p) => p.UserProfileName)).toEqual(['from-b']);
    expect(a.output.join('\n') + b.output.join('\n')).not.toMatch(/"level":50/); // no errors logged by either
  });

  it("deliver each other's events: a browser on one server sees what happens through the other", async () => {
    const db = await createPgDatabase();
    cleanup(() => db.drop());
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-shared-'));
    cleanup(async () => {
      await killInstances(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    });
    const env = { TESSERA_SECRET_KEY: randomBytes(32).toString('base64') };
    const a = await startServer({ databaseUrl: db.url, dataDir, env });
    const b = await startServer({ databaseUrl: db.url, dataDir, env });
    cleanup(
      () => a.stop(),
      () => b.stop(),
    );
    const { sagemaker: viaA } = await adminClients(a);
    const onB = await signIn(b.url, 'admin', a.adminPassword);
    const ws = new WebSocket(`${b.url.replace('http', 'ws')}/api/v1/events`, { headers: { cookie: onB.cookie } });
    cleanup(() => ws.close());
    await new Promise((r) => ws.once('message', r)); // hello
    const heard: { type: string; resourceArn: string; status?: string }[] = [];
    ws.on('message', (m) => heard.push(JSON.parse(String(m))));

    const { DomainArn } = await viaA.send(
      new CreateDomainCommand({ DomainName: uniqueName('fanout'), AuthMode: 'IAM', DefaultUserSettings: {} }),
    );
    // Created through A, reconciled by whichever server: B's socket hears it go InService.
    await waitFor(
      async () => heard.some((e) => e.resourceArn === DomainArn && e.status === 'InService') || undefined,
      "the domain's InService event on B's socket",
      30_000,
      100,
    );
    expect(heard.filter((e) => e.resourceArn === DomainArn).map((e) => e.status)).toContain('Pending');
  });
});
