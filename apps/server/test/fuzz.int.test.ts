// Sends a few thousand random, mostly malformed, signed requests, then checks that the server
// still answers and that what it stored is intact. Seeded, so a failure can be replayed:
// FUZZ_SEED=<seed> FUZZ_COUNT=<n>.
import { DescribeDomainCommand, ListDomainsCommand, ListUserProfilesCommand } from '@aws-sdk/client-sagemaker';
import { openDatabase } from '@tessera/db';
import { rawSageMakerRequest } from '@tessera/test-support';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHarness, createDomain } from './harness.ts';

const h = useHarness({ TESSERA_MAX_DOMAINS: '40', TESSERA_MAX_BODY_BYTES: String(256 * 1024) });

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1e9);
const COUNT = Number(process.env.FUZZ_COUNT ?? 3000);

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPS = [
  'CreateDomain',
  'DescribeDomain',
  'ListDomains',
  'UpdateDomain',
  'DeleteDomain',
  'CreateUserProfile',
  'DescribeUserProfile',
  'ListUserProfiles',
  'UpdateUserProfile',
  'DeleteUserProfile',
  'AddTags',
  'ListTags',
  'DeleteTags',
  'Nonexistent',
  '',
];

describe(`fuzz: ${COUNT} random requests (seed ${SEED})`, () => {
  it('answers every one with 200 or a 4xx carrying __type, and keeps the data intact', async () => {
    const rand = rng(SEED);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
    // The fuzzer aims at `anchor` (and may well delete it); `sentinel` it never learns of, and
    // it must come out exactly as it went in.
    const anchor = await createDomain(h.sagemaker);
    const sentinel = await createDomain(h.sagemaker);
    const { $metadata: _m, ...sentinelBefore } = await h.sagemaker.send(
      new DescribeDomainCommand({ DomainId: sentinel }),
    );
    const arn = (await h.sagemaker.send(new DescribeDomainCommand({ DomainId: anchor }))).DomainArn!;

    const strings = [
      '',
      'a',
      'valid-name',
      'x'.repeat(64),
      'x'.repeat(5000),
      'bad name!',
      '😀💥',
      '\u0000',
      '../../etc/passwd',
      anchor,
      arn,
      'd-',
      'IAM',
      'SSO',
      'arn:aws:iam::123456789012:role/r',
      '\'; DROP TABLE "Domain"; --',
      '{"nested":true}',
    ];
    const scalar = (): unknown =>
      pick<() => unknown>([
        () => pick(strings),
        () => Math.floor(rand() * 200) - 50,
        () => rand() * 1e12,
        () => true,
        () => null,
        () => [],
      ])();
    const value = (depth: number): unknown => {
      if (depth > 3 || rand() < 0.5) return scalar();
      if (rand() < 0.3) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [pick(FIELDS), value(depth + 1)]));
    };
    const FIELDS = [
      'DomainId',
      'DomainName',
      'AuthMode',
      'DefaultUserSettings',
      'UserProfileName',
      'MaxResults',
      'NextToken',
      'ResourceArn',
      'Tags',
      'TagKeys',
      'Key',
      'Value',
      'SortBy',
      'SortOrder',
      'RetentionPolicy',
      'HomeEfsFileSystem',
      'ExecutionRole',
      'SubnetIds',
      'VpcId',
      'Unknown',
    ];
    const body = (): string | Buffer => {
      const r = rand();
      if (r < 0.05)
        return Buffer.from(Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256)));
      if (r < 0.1) return JSON.stringify(value(0)).slice(0, Math.floor(rand() * 40));
      if (r < 0.15) return JSON.stringify(scalar());
      const obj = value(0);
      if (obj && typeof obj === 'object' && !Array.isArray(obj) && rand() < 0.7) {
        const o = obj as Record<string, unknown>;
        if (rand() < 0.5) o.DomainId = anchor;
        if (rand() < 0.3) o.DomainName = `fz-${Math.floor(rand() * 1e6)}`;
        if (rand() < 0.3) o.AuthMode = 'IAM';
        if (rand() < 0.3) o.DefaultUserSettings = {};
        if (rand() < 0.3) o.ResourceArn = arn;
      }
      return JSON.stringify(obj);
    };

    const statuses = new Map<number, number>();
    const bad: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < COUNT) {
          next++;
          const op = pick(OPS);
          const b = body();
          const r = await rawSageMakerRequest(h.server.url, h.credentials, {
            target: op ? `SageMaker.${op}` : undefined,
            body: b,
            ...(rand() < 0.05 ? { tamperBody: '{}' } : {}),
            ...(rand() < 0.03 ? { unsigned: true } : {}),
          });
          statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          const ok =
            r.status === 200 ||
            ([400, 403, 413].includes(r.status) &&
              typeof r.body?.__type === 'string' &&
              typeof r.body?.message === 'string');
          if (!ok) bad.push(`${op} ${String(b).slice(0, 200)} → ${r.status} ${r.text.slice(0, 200)}`);
        }
      }),
    );
    expect(bad, `seed ${SEED}`).toEqual([]);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(COUNT / 4);

    // Still answering, and everything listed can be described.
    const domains = await h.sagemaker.send(new ListDomainsCommand({ MaxResults: 100 }));
    expect(domains.Domains!.map((d) => d.DomainId)).toContain(sentinel);
    const { $metadata: _n, ...sentinelAfter } = await h.sagemaker.send(
      new DescribeDomainCommand({ DomainId: sentinel }),
    );
    expect(sentinelAfter).toEqual(sentinelBefore);
    for (const d of domains.Domains!) {
      const described = await h.sagemaker.send(new DescribeDomainCommand({ DomainId: d.DomainId })).catch((e) => e);
      if (described instanceof Error)
        expect(described.name).toBe('ResourceNotFound'); // deleted meanwhile
      else expect(described.DomainName).toBe(d.DomainName);
    }
    await h.sagemaker.send(new ListUserProfilesCommand({}));
    const anchorNow = await h.sagemaker.send(new DescribeDomainCommand({ DomainId: anchor })).catch((e) => e);
    if (anchorNow instanceof Error) expect(anchorNow.name).toBe('ResourceNotFound');
    else expect(anchorNow.Status).toMatch(/InService|Updating|Deleting/);

    // The database itself is consistent.
    const url =
      process.env.TESSERA_TEST_DB === 'postgresql' ? undefined : `file:${join(h.server.dataDir, 'tessera.db')}`;
    if (url) {
      const db = await openDatabase(url);
      const check = await db.prisma.$queryRawUnsafe<{ integrity_check: string }[]>('PRAGMA integrity_check');
      expect(check).toEqual([{ integrity_check: 'ok' }]);
      const fk = await db.prisma.$queryRawUnsafe<unknown[]>('PRAGMA foreign_key_check');
      expect(fk).toEqual([]);
      await db.close();
    }
  });
});
