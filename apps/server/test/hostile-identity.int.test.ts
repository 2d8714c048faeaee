// Hostile review of temporary credentials (R11): what a thief holding one set of an owner's
// temporary credentials (taken from a container, a notebook's output, a leaked environment) can
// turn them into, and whether the owner or an administrator can take them back.
// Each test was written failing against the first version (R11) and passes since the fix.
import { ListBucketsCommand } from '@aws-sdk/client-s3';
import {
  CreatePresignedDomainUrlCommand,
  DescribeUserProfileCommand,
  ListDomainsCommand,
} from '@aws-sdk/client-sagemaker';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { useHarness } from './harness.ts';
import { clientsFor, codeOf, executionRoleOf, type Creds } from './identity-fixture.ts';
import { workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process' });

const { sts, s3, sm } = clientsFor(h);
const roleOf = async (u: WorkUser) => (await executionRoleOf(u)).role;

async function assume(c: Creds, RoleArn: string, DurationSeconds = 3600) {
  const r = await sts(c).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'thief', DurationSeconds }));
  return {
    creds: {
      accessKeyId: r.Credentials!.AccessKeyId!,
      secretAccessKey: r.Credentials!.SecretAccessKey!,
      sessionToken: r.Credentials!.SessionToken!,
    },
    expiration: r.Credentials!.Expiration!,
  };
}

describe('hostile identity: stolen temporary credentials', () => {
  it('temporary credentials cannot mint a console session, nor from it a long-term access key', async () => {
    const u = await workUser(h);
    const { creds: temp } = await assume(u.credentials, await roleOf(u), 900);
    const { Domains } = await sm(temp).send(new ListDomainsCommand({}));
    const DomainId = Domains![0]!.DomainId!;
    const profile = `${u.username}-p`;
    await sm(temp).send(new DescribeUserProfileCommand({ DomainId, UserProfileName: profile }));
    // A container's credentials should act on the AWS APIs only: never open a browser session.
    const presigned = await codeOf(
      sm(temp).send(new CreatePresignedDomainUrlCommand({ DomainId, UserProfileName: profile })),
    );
    let minted: string | undefined;
    if (presigned === 'succeeded') {
      const { AuthorizedUrl } = await sm(temp).send(
        new CreatePresignedDomainUrlCommand({
          DomainId,
          UserProfileName: profile,
          SessionExpirationDurationInSeconds: 43200,
        }),
      );
      const signIn = await fetch(AuthorizedUrl!, { redirect: 'manual' });
      const cookie = signIn.headers
        .getSetCookie()
        .find((c) => c.startsWith('tessera_session='))!
        .split(';')[0]!;
      const key = await fetch(`${h.server.url}/api/v1/me/access-keys`, {
        method: 'POST',
        headers: { cookie, 'x-requested-with': 'attacker' },
      });
      if (key.status === 200) minted = ((await key.json()) as { accessKeyId: string }).accessKeyId;
    }
    expect({ presigned, minted }).toEqual({ presigned: 'AccessDeniedException', minted: undefined });
  });

  it('revoking the access key AssumeRole was called with ends the sessions it made', async () => {
    const u = await workUser(h);
    const { creds: temp } = await assume(u.credentials, await roleOf(u), 43_200);
    // The owner notices the leak and revokes the key.
    const revoked = await u.session.rest('DELETE', `/api/v1/me/access-keys/${u.credentials.accessKeyId}`);
    expect(revoked.status).toBeLessThan(300);
    expect(await codeOf(sts(u.credentials).send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
    // The thief's 12-hour session made from it still works.
    expect(await codeOf(s3(temp).send(new ListBucketsCommand({})))).toBe('InvalidToken');
  });

  it('role chaining never renews a session past the expiry of the one it came from', async () => {
    const u = await workUser(h);
    const role = await roleOf(u);
    const first = await assume(u.credentials, role, 900);
    // Each chained session is an hour from now, not bounded by the session it came from.
    let current = first;
    for (let i = 0; i < 3; i++) current = await assume(current.creds, role, 3600);
    expect(current.expiration.getTime()).toBeLessThanOrEqual(first.expiration.getTime());
  });

  it("a disabled user's temporary credentials stay dead when the user is enabled again", async () => {
    const u = await workUser(h);
    const { creds: temp } = await assume(u.credentials, await roleOf(u), 3600);
    expect(await codeOf(sts(temp).send(new GetCallerIdentityCommand({})))).toBe('succeeded');
    // An administrator disables the compromised user (which ends their sessions) …
    expect((await h.session.rest('PATCH', `/api/v1/users/${u.username}`, { disabled: true })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5_500)); // the temporary store's lookup cache
    expect(await codeOf(sts(temp).send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
    // … resets them and enables them again: the thief's credentials, issued before, work again.
    expect((await h.session.rest('PATCH', `/api/v1/users/${u.username}`, { disabled: false })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5_500));
    expect(await codeOf(sts(temp).send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
  });

  it('defence: another user cannot name a role only my profile names, or splice my token onto their key', async () => {
    const a = await workUser(h);
    const b = await workUser(h);
    const role = await roleOf(a);
    const ta = await assume(a.credentials, role, 900);
    const tb = await assume(b.credentials, role, 900);
    const spliced = { ...tb.creds, sessionToken: ta.creds.sessionToken };
    expect(await codeOf(sts(spliced).send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
    // A long-term key may not carry a session token (the token's secret is not the key's).
    const withToken = { ...b.credentials, sessionToken: ta.creds.sessionToken };
    expect(await codeOf(sts(withToken).send(new GetCallerIdentityCommand({})))).toBe('InvalidClientTokenId');
  });

  it('defence: STS form parsing — unknown Version, repeated parameters, huge body', async () => {
    const u = await workUser(h);
    const signer = new SignatureV4({
      service: 'sts',
      region: 'us-east-1',
      credentials: u.credentials,
      sha256: Hash.bind(null, 'sha256'),
    });
    const url = new URL(h.server.url);
    const post = async (body: string) => {
      const signed = await signer.sign({
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      const r = await fetch(`${h.server.url}/`, { method: 'POST', headers: signed.headers, body });
      return { status: r.status, text: await r.text() };
    };
    expect((await post('Action=GetCallerIdentity&Version=2099-01-01')).text).toContain('InvalidAction');
    // A repeated Action: the last one counts, and it is still an operation we know.
    const twice = await post('Action=Nope&Action=GetCallerIdentity&Version=2011-06-15');
    expect(twice.status).toBe(200);
    const injected = await post(
      'Action=AssumeRole&Version=2011-06-15&RoleSessionName=%3Cx%3E&RoleArn=arn:aws:iam::123456789012:role/a',
    );
    expect(injected.text).not.toContain('<x>');
    const huge = await fetch(`${h.server.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a='.padEnd(2 * 1024 * 1024, 'x'),
    });
    expect(huge.status).toBe(413);
  });
});
