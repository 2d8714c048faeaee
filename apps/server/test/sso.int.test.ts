// Single sign-on against a real OpenID provider (oidc-provider on a loopback port): the admin's
// identity-provider routes, the authorization-code flow with PKCE through Tessera's /sso pages,
// the mapping of the identity to a user profile, and the refusals.
import { CreateDomainCommand, CreateUserProfileCommand } from '@aws-sdk/client-sagemaker';
import { startOidcProvider, type TestOidcProvider } from '@tessera/test-support/oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomain, inService, otherUser, uniqueName, useHarness } from './harness.ts';
import { CookieBrowser, formAction } from './sso-browser.ts';

const h = useHarness();
let domainId: string;
let iamDomainId: string;
let idp: TestOidcProvider;
/** A second SSO domain, and a second provider (a public client) only it uses. */
let otherDomainId: string;
let publicIdp: TestOidcProvider;

beforeAll(async () => {
  const out = await h.sagemaker.send(
    new CreateDomainCommand({
      DomainName: uniqueName('sso'),
      AuthMode: 'SSO',
      DefaultUserSettings: { ExecutionRole: 'arn:aws:iam::123456789012:role/SageMakerExecution' },
    }),
  );
  domainId = out.DomainId!;
  await inService(h.sagemaker, domainId);
  const other = await h.sagemaker.send(
    new CreateDomainCommand({
      DomainName: uniqueName('sso'),
      AuthMode: 'SSO',
      DefaultUserSettings: { ExecutionRole: 'arn:aws:iam::123456789012:role/SageMakerExecution' },
    }),
  );
  otherDomainId = other.DomainId!;
  await inService(h.sagemaker, otherDomainId);
  iamDomainId = await createDomain(h.sagemaker);
  idp = await startOidcProvider({
    redirectUris: [`${h.server.url}/sso/${domainId}/callback`, `${h.server.url}/sso/${otherDomainId}/callback`],
  });
  publicIdp = await startOidcProvider({
    clientSecret: null,
    redirectUris: [`${h.server.url}/sso/${otherDomainId}/callback`],
  });
});
afterAll(async () => {
  await idp?.close();
  await publicIdp?.close();
});

const idpPath = () => `/api/v1/domains/${domainId}/identity-provider`;
const configure = () =>
  h.session.rest('POST', idpPath(), { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret });

/** Signs in at the provider as `login` through Tessera's URL `start`; returns every hop. */
async function ssoSignIn(browser: CookieBrowser, start: string, login: string, provider = idp) {
  const toProvider = await browser.follow(start);
  const form = toProvider.at(-1)!;
  expect(form.status, `${form.url}\n${form.text.slice(0, 300)}\n${provider.errors.join('\n')}`).toBe(200);
  expect(form.url.startsWith(provider.issuer)).toBe(true);
  const back = await browser.follow(
    formAction(form),
    { form: { prompt: 'login', login, password: 'not-checked' } },
    (u) => u.pathname === '/studio',
  );
  return { authorize: toProvider[1]!, hops: back, last: back.at(-1)! };
}

describe('identity provider settings', () => {
  it('refuses non-admins every identity-provider route', async () => {
    const bob = await otherUser(h);
    expect((await bob.session.rest('POST', idpPath(), { issuer: idp.issuer, clientId: 'x' })).status).toBe(403);
    expect((await bob.session.rest('GET', idpPath())).status).toBe(403);
    expect((await bob.session.rest('DELETE', idpPath())).status).toBe(403);
    expect((await bob.session.rest('GET', `${idpPath()}/members`)).status).toBe(403);
    expect((await fetch(`${h.server.url}${idpPath()}`)).status).toBe(401);
  });

  it('validates the issuer by its discovery document and refuses IAM domains and remote plain http', async () => {
    const down = await h.session.rest('POST', idpPath(), { issuer: 'http://127.0.0.1:9/', clientId: 'tessera' });
    expect(down.status).toBe(400);
    expect(down.body.error.code).toBe('ValidationException');
    expect(down.body.error.message).toContain('http://127.0.0.1:9/.well-known/openid-configuration');
    const remoteHttp = await h.session.rest('POST', idpPath(), {
      issuer: 'http://idp.example.com',
      clientId: 'tessera',
    });
    expect(remoteHttp.status).toBe(400);
    expect(remoteHttp.body.error.message).toContain('use https');
    const iam = await h.session.rest('POST', `/api/v1/domains/${iamDomainId}/identity-provider`, {
      issuer: idp.issuer,
      clientId: 'tessera',
    });
    expect(iam.status).toBe(400);
    expect(iam.body.error.message).toContain('AuthMode IAM');
    expect((await h.session.rest('GET', idpPath())).status).toBe(404);
  });

  it('stores the provider and shows it without the client secret', async () => {
    const put = await configure();
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({
      domainId,
      issuer: idp.issuer,
      clientId: idp.clientId,
      scopes: 'openid profile email',
      usernameClaim: 'preferred_username',
      hasClientSecret: true,
      loginUrl: `${h.server.url}/sso/${domainId}`,
      redirectUri: `${h.server.url}/sso/${domainId}/callback`,
    });
    const got = await h.session.rest('GET', idpPath());
    expect(got.body).toEqual(put.body);
    expect(JSON.stringify(got.body)).not.toContain(idp.clientSecret!);
    // Changing the scopes without resending the secret keeps the secret.
    const again = await h.session.rest('POST', idpPath(), {
      issuer: idp.issuer,
      clientId: idp.clientId,
      scopes: 'openid profile',
    });
    expect(again.body).toMatchObject({ hasClientSecret: true, scopes: 'openid profile' });
    expect(
      (await h.session.rest('POST', idpPath(), { issuer: idp.issuer, clientId: idp.clientId, scopes: 'profile email' }))
        .status,
    ).toBe(400);
    expect((await configure()).status).toBe(200);
  });
});

describe('signing in', () => {
  it("lists each SSO member's sign-in URL", async () => {
    await h.sagemaker.send(
      new CreateUserProfileCommand({
        DomainId: domainId,
        UserProfileName: 'alice-profile',
        SingleSignOnUserIdentifier: 'UserName',
        SingleSignOnUserValue: 'alice',
      }),
    );
    const list = await h.session.rest('GET', `${idpPath()}/members`);
    expect(list.status).toBe(200);
    expect(list.body.members).toContainEqual({
      userProfileName: 'alice-profile',
      singleSignOnUserValue: 'alice',
      url: `${h.server.url}/sso/${domainId}?profile=alice-profile`,
      username: null,
    });
  });

  it(
    'signs a member in at the provider (code flow with PKCE, ' + 'state, nonce) and opens Studio on their profile',
    async () => {
      const browser = new CookieBrowser();
      const { authorize, last } = await ssoSignIn(
        browser,
        `${h.server.url}/sso/${domainId}?profile=alice-profile`,
        'alice',
      );
      const auth = new URL(authorize.url);
      expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
      expect(auth.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
      expect(auth.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
      expect(auth.searchParams.get('login_hint')).toBe('alice');
      expect(auth.searchParams.get('redirect_uri')).toBe(`${h.server.url}/sso/${domainId}/callback`);
      expect(last.url).toBe(`${h.server.url}/studio?domain=${domainId}&profile=alice-profile`);

      const cookie = browser.cookieHeader(h.server.url);
      const me = await fetch(`${h.server.url}/api/v1/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      const user = (await me.json()).user;
      expect(user).toMatchObject({ username: 'alice', isAdmin: false, email: 'alice@example.test' });
      // The SSO user now owns the profile: its Studio and description are theirs.
      const profile = await fetch(`${h.server.url}/api/v1/domains/${domainId}/user-profiles/alice-profile`, {
        headers: { cookie },
      });
      expect(profile.status).toBe(200);
      const members = await h.session.rest('GET', `${idpPath()}/members`);
      expect(members.body.members.find((m: any) => m.userProfileName === 'alice-profile').username).toBe('alice');
      // SSO users have no password: the password form cannot sign them in.
      expect(
        (
          await fetch(`${h.server.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username: 'alice', password: 'x'.repeat(12) }),
          })
        ).status,
      ).toBe(401);

      // A second sign-in is the same user, not a new one.
      const again = await ssoSignIn(new CookieBrowser(), `${h.server.url}/sso/${domainId}`, 'alice');
      expect(again.last.url).toBe(`${h.server.url}/studio?domain=${domainId}&profile=alice-profile`);
      const users = await h.session.rest('GET', '/api/v1/users');
      expect(users.body.users.filter((u: any) => u.username.startsWith('alice')).length).toBe(1);
    },
  );

  it('refuses an identity no user profile is made for, naming it', async () => {
    const { last } = await ssoSignIn(new CookieBrowser(), `${h.server.url}/sso/${domainId}`, 'mallory');
    expect(last.status).toBe(403);
    expect(last.text).toContain('&quot;mallory&quot;');
    expect(last.text).toContain('An administrator must create one');
  });

  it('refuses a callback that did not start here (no flow cookie) and a replayed one', async () => {
    const browser = new CookieBrowser();
    const { hops } = await ssoSignIn(browser, `${h.server.url}/sso/${domainId}`, 'alice');
    const callback = hops.find((p) => p.url.includes('/callback'))!;
    const replay = await browser.request(callback.url);
    expect(replay.status).toBe(400);
    expect(replay.text).toContain('Sign-in could not be finished');
    const forged = await new CookieBrowser().request(`${h.server.url}/sso/${domainId}/callback?code=abc&state=def`);
    expect(forged.status).toBe(400);
  });

  it("shows the provider's error only for the sign-in this browser began (state must match)", async () => {
    const browser = new CookieBrowser();
    const start = await browser.request(`${h.server.url}/sso/${domainId}`);
    expect(start.status).toBe(302);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    // A link crafted elsewhere cannot put its own words on this server's page.
    const callback =
      `${h.server.url}/sso/${domainId}/callback?error=access_denied&error_description=` +
      `${encodeURIComponent('Locked: call 555-0100 to unlock')}`;
    const forged = await browser.request(`${callback}&state=not-the-state`);
    expect(forged.status).toBe(400);
    expect(forged.text).not.toContain('555-0100');
    expect(forged.text).toContain('Sign-in could not be finished');
    // The provider's real answer, with the state it was given, is shown.
    const again = await browser.request(`${h.server.url}/sso/${domainId}`);
    const state2 = new URL(again.headers.get('location')!).searchParams.get('state')!;
    expect(state2).not.toBe(state);
    const real = await browser.request(`${callback}&state=${state2}`);
    expect(real.status).toBe(403);
    expect(real.text).toContain('The sign-in provider refused');
    expect(real.text).toContain('555-0100');
  });

  it("does not hand a disabled account's profile to a new identity with the same user name", async () => {
    const owner = await otherUser(h, uniqueName('dora-local'));
    expect(
      (
        await h.session.rest('POST', `/api/v1/domains/${domainId}/user-profiles`, {
          UserProfileName: 'dora-profile',
          SingleSignOnUserIdentifier: 'UserName',
          SingleSignOnUserValue: 'dora',
          OwnerUsername: owner.username,
        })
      ).status,
    ).toBe(200);
    expect((await h.session.rest('PATCH', `/api/v1/users/${owner.username}`, { disabled: true })).status).toBe(200);
    const refused = await ssoSignIn(new CookieBrowser(), `${h.server.url}/sso/${domainId}`, 'dora');
    expect(refused.last.status).toBe(403);
    expect(refused.last.text).toContain('belongs to a disabled account');
    const profile = await h.session.rest('GET', `/api/v1/domains/${domainId}/user-profiles/dora-profile`);
    expect(profile.status).toBe(200);
    // Re-enabled, the owner keeps it until an admin decides; the identity then signs in as before.
    expect((await h.session.rest('PATCH', `/api/v1/users/${owner.username}`, { disabled: false })).status).toBe(200);
    const allowed = await ssoSignIn(new CookieBrowser(), `${h.server.url}/sso/${domainId}`, 'dora');
    expect(allowed.last.url).toBe(`${h.server.url}/studio?domain=${domainId}&profile=dora-profile`);
  });

  it('has no /sso for IAM domains or unknown ones', async () => {
    expect((await fetch(`${h.server.url}/sso/${iamDomainId}`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${h.server.url}/sso/d-doesnotexist`, { redirect: 'manual' })).status).toBe(404);
  });

  it('stops signing members in once the provider is removed', async () => {
    expect((await h.session.rest('DELETE', idpPath())).status).toBe(204);
    expect((await h.session.rest('GET', idpPath())).status).toBe(404);
    const page = await fetch(`${h.server.url}/sso/${domainId}`, { redirect: 'manual' });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('no OpenID Connect provider');
    expect((await h.session.rest('DELETE', idpPath())).status).toBe(404);
  });
});

describe('a second domain and provider', () => {
  const otherIdpPath = () => `/api/v1/domains/${otherDomainId}/identity-provider`;

  it('does not send the stored client secret to a different issuer', async () => {
    const first = await h.session.rest('POST', otherIdpPath(), {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
    });
    expect(first.body.hasClientSecret).toBe(true);
    // Another issuer, no secret sent: the old provider's secret is not kept for the new one.
    const moved = await h.session.rest('POST', otherIdpPath(), {
      issuer: publicIdp.issuer,
      clientId: publicIdp.clientId,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ issuer: publicIdp.issuer, hasClientSecret: false });
    // The new provider (a public client) accepts the token request: no stray secret was sent to it.
    await h.sagemaker.send(
      new CreateUserProfileCommand({
        DomainId: otherDomainId,
        UserProfileName: 'dave',
        SingleSignOnUserIdentifier: 'UserName',
        SingleSignOnUserValue: 'dave',
      }),
    );
    const { last } = await ssoSignIn(new CookieBrowser(), `${h.server.url}/sso/${otherDomainId}`, 'dave', publicIdp);
    expect(last.url, `${last.text.slice(0, 800)}\n${publicIdp.errors.join('\n')}`).toBe(
      `${h.server.url}/studio?domain=${otherDomainId}&profile=dave`,
    );
  });

  it('matches on email only when the provider has verified it', async () => {
    const set = await h.session.rest('POST', otherIdpPath(), {
      issuer: publicIdp.issuer,
      clientId: publicIdp.clientId,
      usernameClaim: 'email',
    });
    expect(set.body.usernameClaim).toBe('email');
    for (const name of ['erin', 'unverified.erin']) {
      await h.sagemaker.send(
        new CreateUserProfileCommand({
          DomainId: otherDomainId,
          UserProfileName: name.replace('.', '-'),
          SingleSignOnUserIdentifier: 'UserName',
          SingleSignOnUserValue: `${name}@example.test`,
        }),
      );
    }
    const verified = await ssoSignIn(new CookieBrowser(), `${h.server.url}/sso/${otherDomainId}`, 'erin', publicIdp);
    expect(verified.last.url).toBe(`${h.server.url}/studio?domain=${otherDomainId}&profile=erin`);
    // Anyone can type any address at sign-up; an unverified one must not open that address's profile.
    const unverified = await ssoSignIn(
      new CookieBrowser(),
      `${h.server.url}/sso/${otherDomainId}`,
      'unverified.erin',
      publicIdp,
    );
    expect(unverified.last.status).toBe(403);
    expect(unverified.last.text).toContain('has not verified');
    const users = await h.session.rest('GET', '/api/v1/users');
    expect(users.body.users.some((u: any) => u.username.startsWith('unverified.erin'))).toBe(false);
  });
});
