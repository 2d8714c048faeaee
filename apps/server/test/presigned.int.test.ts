// CreatePresignedDomainUrl through the AWS SDK, and the URL it returns: one use, a short life,
// a session of the requested length for the profile's owner, and who may ask for one.
import {
  CreateDomainCommand,
  CreatePresignedDomainUrlCommand,
  CreateUserProfileCommand,
} from '@aws-sdk/client-sagemaker';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDomain, inService, otherUser, uniqueName, useHarness } from './harness.ts';

const h = useHarness();
let domainId: string;
let bob: Awaited<ReturnType<typeof otherUser>>;
let carol: Awaited<ReturnType<typeof otherUser>>;

beforeAll(async () => {
  domainId = await createDomain(h.sagemaker);
  bob = await otherUser(h);
  carol = await otherUser(h);
  await h.session.rest('POST', `/api/v1/domains/${domainId}/user-profiles`, {
    UserProfileName: 'bob',
    OwnerUsername: bob.username,
  });
  await h.session.rest('POST', `/api/v1/domains/${domainId}/user-profiles`, {
    UserProfileName: 'carol',
    OwnerUsername: carol.username,
  });
  await h.sagemaker.send(new CreateUserProfileCommand({ DomainId: domainId, UserProfileName: 'nobody' }));
});

const presign = (
  input: { UserProfileName: string; ExpiresInSeconds?: number; SessionExpirationDurationInSeconds?: number },
  client = h.sagemaker,
) => client.send(new CreatePresignedDomainUrlCommand({ DomainId: domainId, ...input }));
const open = (url: string) => fetch(url, { redirect: 'manual' });
const sessionCookie = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('tessera_session='));
const me = async (setCookie: string) => {
  const r = await fetch(`${h.server.url}/api/v1/me`, { headers: { cookie: setCookie.split(';')[0]! } });
  return r.status === 200 ? (await r.json()).user : r.status;
};

describe('CreatePresignedDomainUrl', () => {
  it('returns a URL that opens Studio as the profile once, and refuses it the second time', async () => {
    const { AuthorizedUrl } = await presign({ UserProfileName: 'bob', SessionExpirationDurationInSeconds: 1800 });
    expect(AuthorizedUrl).toMatch(new RegExp(`^${h.server.url}/auth/presigned/[A-Za-z0-9_-]{43}$`));
    const first = await open(AuthorizedUrl!);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/studio?domain=${domainId}&profile=bob`);
    const cookie = sessionCookie(first)!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect((await me(cookie)).username).toBe(bob.username);
    // The session lasts SessionExpirationDurationInSeconds, not the default week.
    const expires = new Date(/Expires=([^;]+)/i.exec(cookie)![1]!).getTime();
    expect(Math.abs(expires - (Date.now() + 1800_000))).toBeLessThan(60_000);

    const second = await open(AuthorizedUrl!);
    expect(second.status).toBe(403);
    expect(sessionCookie(second)).toBeUndefined();
    expect(await second.text()).toContain('This link has already been used or has expired; ask for a new one');
    // The URL is a credential: neither making nor using it writes it to the server's log.
    expect(h.server.output.join('\n')).not.toContain(AuthorizedUrl!.split('/').at(-1));
  });

  it('lets exactly one of many simultaneous uses win', async () => {
    const { AuthorizedUrl } = await presign({ UserProfileName: 'bob' });
    const results = await Promise.all(Array.from({ length: 12 }, () => open(AuthorizedUrl!)));
    expect(results.map((r) => r.status).sort()).toEqual([303, ...Array(11).fill(403)]);
  });

  it('stops working after ExpiresInSeconds', async () => {
    const { AuthorizedUrl } = await presign({ UserProfileName: 'bob', ExpiresInSeconds: 5 });
    await new Promise((r) => setTimeout(r, 5_300));
    const late = await open(AuthorizedUrl!);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('already been used or has expired');
  });

  it('makes tokens of 256 random bits, all different', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 40 }, async () =>
        (await presign({ UserProfileName: 'carol' })).AuthorizedUrl!.split('/').at(-1)!,
      ),
    );
    expect(new Set(tokens).size).toBe(tokens.length);
    const bytes = tokens.map((t) => Buffer.from(t, 'base64url'));
    for (const b of bytes) expect(b.length).toBe(32);
    // Across 40 × 256 bits, about half are ones (a biased or constant generator would not be).
    const ones = bytes.reduce(
      (n, b) => n + [...b].reduce((m, byte) => m + byte.toString(2).replace(/0/g, '').length, 0),
      0,
    );
    expect(ones / (40 * 256)).toBeGreaterThan(0.46);
    expect(ones / (40 * 256)).toBeLessThan(0.54);
    // Made-up or truncated tokens are refused the same way.
    expect((await open(`${h.server.url}/auth/presigned/${tokens[0]!.slice(0, 42)}`)).status).toBe(403);
    expect((await open(`${h.server.url}/auth/presigned/${'A'.repeat(43)}`)).status).toBe(403);
  });

  it('lets a user presign their own profile but not anyone else’s', async () => {
    const own = await presign({ UserProfileName: 'bob' }, bob.sagemaker);
    expect(own.AuthorizedUrl).toContain('/auth/presigned/');
    await expect(presign({ UserProfileName: 'carol' }, bob.sagemaker)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(presign({ UserProfileName: 'nobody' }, bob.sagemaker)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(presign({ UserProfileName: 'missing' }, bob.sagemaker)).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
    await expect(presign({ UserProfileName: 'missing' })).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });

  it("validates the request against the service model's limits", async () => {
    await expect(presign({ UserProfileName: 'bob', ExpiresInSeconds: 301 })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(presign({ UserProfileName: 'bob', ExpiresInSeconds: 4 })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(presign({ UserProfileName: 'bob', SessionExpirationDurationInSeconds: 1799 })).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(presign({ UserProfileName: 'bob', SessionExpirationDurationInSeconds: 43201 })).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('opens an ownerless profile as a passwordless user made for it', async () => {
    const { AuthorizedUrl } = await presign({ UserProfileName: 'nobody' });
    const res = await open(AuthorizedUrl!);
    expect(res.status).toBe(303);
    const user = await me(sessionCookie(res)!);
    expect(user.username).toBe(`nobody@${domainId}`);
    expect(user.isAdmin).toBe(false);
    // The same user again next time.
    const again = await open((await presign({ UserProfileName: 'nobody' })).AuthorizedUrl!);
    expect((await me(sessionCookie(again)!)).id).toBe(user.id);
  });

  it('refuses SSO domains, whose members sign in at their provider', async () => {
    const sso = await h.sagemaker.send(
      new CreateDomainCommand({
        DomainName: uniqueName('sso'),
        AuthMode: 'SSO',
        DefaultUserSettings: { ExecutionRole: 'arn:aws:iam::123456789012:role/SageMakerExecution' },
      }),
    );
    await inService(h.sagemaker, sso.DomainId!);
    await h.sagemaker.send(
      new CreateUserProfileCommand({
        DomainId: sso.DomainId!,
        UserProfileName: 'eve',
        SingleSignOnUserIdentifier: 'UserName',
        SingleSignOnUserValue: 'eve',
      }),
    );
    await expect(
      h.sagemaker.send(new CreatePresignedDomainUrlCommand({ DomainId: sso.DomainId!, UserProfileName: 'eve' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('AuthMode SSO'),
    });
  });
});
