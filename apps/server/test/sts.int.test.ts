// STS as SDKs call it from outside: GetCallerIdentity names the caller in the account id the
// SageMaker ARNs carry; AssumeRole hands out temporary credentials of the caller's own scope, for
// the execution roles Tessera knows only; temporary credentials that expired, or whose session
// token is not theirs, are refused on every AWS surface with the codes SDKs know.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import { ListDomainsCommand } from '@aws-sdk/client-sagemaker';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { createSecretBox } from '../src/platform/identity/secret-box.ts';
import { createTemporaryCredentialStore } from '../src/platform/identity/temporary-credentials.ts';
import type { Db } from '@tessera/db';
import { useHarness } from './harness.ts';
import { clientsFor, codeOf, executionRoleOf } from './identity-fixture.ts';
import { workUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });

const { sts, s3, sm } = clientsFor(h);

const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

describe('STS', () => {
  it('GetCallerIdentity names a long-term key as its IAM user, in the account of the SageMaker ARNs', async () => {
    const u = await workUser(h);
    const { account } = await executionRoleOf(u);
    const id = await sts(u.credentials).send(new GetCallerIdentityCommand({}));
    expect(id.Account).toBe(account);
    expect(id.Arn).toBe(`arn:aws:iam::${account}:user/${u.username}`);
    expect(id.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    // The same caller gets the same id every time.
    expect((await sts(u.credentials).send(new GetCallerIdentityCommand({}))).UserId).toBe(id.UserId);
  });

  it('AssumeRole of a known execution role gives expiring credentials that act as the caller, no more', async () => {
    const u = await workUser(h);
    const other = await workUser(h);
    const { role, account } = await executionRoleOf(u);
    const before = Date.now();
    const r = await sts(u.credentials).send(
      new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'notebook', DurationSeconds: 900 }),
    );
    const c = r.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(c.Expiration!.getTime()).toBeGreaterThanOrEqual(before + 899_000);
    expect(c.Expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 901_000);
    expect(r.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${account}:assumed-role/${roleName(role)}/notebook`);
    const temp = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const id = await sts(temp).send(new GetCallerIdentityCommand({}));
    expect(id.Arn).toBe(r.AssumedRoleUser!.Arn);
    // What the caller's own key lists, and nothing of another user's.
    const mine = (await s3(u.credentials).send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name);
    const viaRole = (await s3(temp).send(new ListBucketsCommand({}))).Buckets!.map((b) => b.Name);
    expect(viaRole).toEqual(mine);
    expect(viaRole).toContain(u.bucket);
    expect(viaRole).not.toContain(other.bucket);
    // Without its session token the key is nobody's; with another's token, too.
    expect(await codeOf(s3({ ...temp, sessionToken: undefined }).send(new ListBucketsCommand({})))).toBe(
      'InvalidAccessKeyId',
    );
    const r2 = await sts(u.credentials).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'second' }));
    const swapped = { ...temp, sessionToken: r2.Credentials!.SessionToken! };
    expect(await codeOf(sm(swapped).send(new ListDomainsCommand({})))).toBe('UnrecognizedClientException');
    expect(await codeOf(s3(swapped).send(new ListBucketsCommand({})))).toBe('InvalidToken');
    expect(await codeOf(sts(swapped).send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
    // Role chaining: an assumed role may assume again, for an hour at most.
    expect(
      await codeOf(
        sts(temp).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'chain', DurationSeconds: 7200 })),
      ),
    ).toBe('ValidationError');
    await sts(temp).send(new AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'chain', DurationSeconds: 3600 }));
    // The installation's own role, which a domain created with no ExecutionRole gets, is known too.
    const own = `arn:aws:iam::${account}:role/service-role/TesseraExecutionRole`;
    const r3 = await sts(u.credentials).send(new AssumeRoleCommand({ RoleArn: own, RoleSessionName: 'own' }));
    expect(r3.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${account}:assumed-role/TesseraExecutionRole/own`);
  });

  it('AssumeRole of a role no domain or profile of the caller names is refused', async () => {
    const u = await workUser(h);
    const { account } = await executionRoleOf(u);
    const err = await sts(u.credentials)
      .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Admin`, RoleSessionName: 'me' }))
      .catch((e: { name: string; message: string }) => e);
    expect(err).toMatchObject({ name: 'AccessDenied' });
    expect((err as Error).message).toContain('not authorized to perform: sts:AssumeRole');
    expect(
      await codeOf(sts(u.credentials).send(new AssumeRoleCommand({ RoleArn: 'not-an-arn', RoleSessionName: 'me' }))),
    ).toBe('ValidationError');
    // A session name of one character is not one STS accepts.
    const installation = `arn:aws:iam::${account}:role/service-role/TesseraExecutionRole`;
    expect(
      await codeOf(sts(u.credentials).send(new AssumeRoleCommand({ RoleArn: installation, RoleSessionName: 'x' }))),
    ).toBe('ValidationError');
  });

  it('temporary credentials past their expiry are refused on the SageMaker, S3 and STS surfaces', async () => {
    // Minted with the server's own key, two hours in the past: exactly what the server issued then.
    const box = createSecretBox(Buffer.from(readFileSync(join(h.server.dataDir, 'secret.key'), 'utf8'), 'base64'));
    const past = createTemporaryCredentialStore({ db: {} as Db, box, now: () => Date.now() - 2 * 3600_000 });
    const c = past.issue({ userId: 'anyone', roleArn: 'arn:aws:iam::1:role/r', sessionName: 's', seconds: 3600 });
    const expired = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
    expect(await codeOf(sm(expired).send(new ListDomainsCommand({})))).toBe('ExpiredTokenException');
    expect(await codeOf(s3(expired).send(new ListBucketsCommand({})))).toBe('ExpiredToken');
    expect(await codeOf(sts(expired).send(new GetCallerIdentityCommand({})))).toBe('ExpiredToken');
    // A session token sealed with any other key is not ours.
    const foreign = createTemporaryCredentialStore({ db: {} as Db, box: createSecretBox(Buffer.alloc(32, 7)) });
    const f = foreign.issue({ userId: 'anyone', roleArn: 'arn:aws:iam::1:role/r', sessionName: 's', seconds: 3600 });
    const forged = { accessKeyId: f.accessKeyId, secretAccessKey: f.secretAccessKey, sessionToken: f.sessionToken };
    expect(await codeOf(sm(forged).send(new ListDomainsCommand({})))).toBe('UnrecognizedClientException');
  });
});
