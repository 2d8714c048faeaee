import { rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateUserProfileCommand,
  DescribeDomainCommand,
  DescribeUserProfileCommand,
  ListTagsCommand,
} from '@aws-sdk/client-sagemaker';
import { adminClients, startServer, testDatabase, waitFor } from '@tessera/test-support';
import { openDatabase } from '@tessera/db';
import { describe, expect, it } from 'vitest';
import { createDomain, inService, useCleanups } from './harness.ts';

const cleanup = useCleanups();

describe('state lives in the database and survives restarts', () => {
  it('describes the same domain and profile after a stop and a start', async () => {
    const db = await testDatabase();
    cleanup(() => db.drop());
    const first = await startServer({ databaseUrl: db.url });
    cleanup(() => first.cleanup());
    const { sagemaker, credentials } = await adminClients(first);
    const DomainId = await createDomain(sagemaker);
    await sagemaker.send(
      new CreateUserProfileCommand({ DomainId, UserProfileName: 'persistent', Tags: [{ Key: 'k', Value: 'v' }] }),
    );
    const before = await sagemaker.send(new DescribeDomainCommand({ DomainId }));
    const profileBefore = await waitFor(async () => {
      const p = await sagemaker.send(new DescribeUserProfileCommand({ DomainId, UserProfileName: 'persistent' }));
      return p.Status === 'InService' ? p : undefined;
    }, 'profile InService');
    expect(await first.stop()).toBe(0);

    const second = await startServer({ dataDir: first.dataDir, databaseUrl: db.url });
    cleanup(() => second.stop());
    // The same access key still works: it was stored (sealed) in the database, not in memory.
    const again = (await import('@tessera/test-support')).sageMakerClient(second.url, credentials);
    const after = await again.send(new DescribeDomainCommand({ DomainId }));
    const { $metadata: _a, Url: _urlBefore, ...restBefore } = before;
    const { $metadata: _b, Url: urlAfter, ...restAfter } = after;
    expect(restAfter).toEqual(restBefore);
    expect(urlAfter).toContain(DomainId);
    const { $metadata: _c, ...p1 } = profileBefore;
    const { $metadata: _d, ...p2 } = await again.send(
      new DescribeUserProfileCommand({ DomainId, UserProfileName: 'persistent' }),
    );
    expect(p2).toEqual(p1);
    expect((await again.send(new ListTagsCommand({ ResourceArn: profileBefore.UserProfileArn }))).Tags).toEqual([
      { Key: 'k', Value: 'v' },
    ]);
  });

  it(
    'resumes interrupted work after kill -9: a Pending ' + 'row written before the crash is reconciled at start',
    async () => {
      const db = await testDatabase();
      cleanup(() => db.drop());
      const first = await startServer({ databaseUrl: db.url });
      cleanup(() => first.cleanup());
      const { sagemaker } = await adminClients(first);
      const DomainId = await createDomain(sagemaker);
      const { DomainArn } = await sagemaker.send(new DescribeDomainCommand({ DomainId }));
      first.process.kill('SIGKILL');
      await waitFor(
        async () => (first.process.exitCode !== null || first.process.signalCode !== null ? true : undefined),
        'server killed',
      );

      // While it is down: a domain whose handler committed but whose reconcile never ran (the
      // crash window), and home storage that has gone missing.
      const url = db.url ?? `file:${join(first.dataDir, 'tessera.db')}`;
      const direct = await openDatabase(url);
      const row = await direct.prisma.domain.findUniqueOrThrow({ where: { id: DomainId } });
      const crashedId = 'd-crashwindow1';
      await direct.prisma.domain.create({
        data: {
          ...row,
          id: crashedId,
          name: 'crash-window',
          arn: DomainArn!.replace(DomainId, crashedId),
          status: 'Pending',
          createdAt: undefined,
          updatedAt: undefined,
        } as never,
      });
      await direct.close();
      rmSync(join(first.dataDir, 'home', DomainId), { recursive: true, force: true });

      const second = await startServer({ dataDir: first.dataDir, databaseUrl: db.url });
      cleanup(() => second.stop());
      const { sagemaker: sm2 } = await adminClients(second);
      expect((await inService(sm2, crashedId)).DomainName).toBe('crash-window');
      expect(existsSync(join(first.dataDir, 'home', crashedId, '.filesystem-id'))).toBe(true);
      await waitFor(
        async () => (existsSync(join(first.dataDir, 'home', DomainId, '.filesystem-id')) ? true : undefined),
        'home storage recreated',
      );
      expect(second.output.join('\n')).toMatch(/home storage missing; recreating it/);
    },
  );
});
