// Signing in without a Tessera password, in Chromium: an SSO member signs in at a real OpenID
// provider (oidc-provider, started here) and lands in Studio on their profile; a presigned domain
// URL from the SDK opens Studio once, and a second browser using the same URL is refused.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CreatePresignedDomainUrlCommand } from '@aws-sdk/client-sagemaker';
import { issueAccessKey, sageMakerClient, waitFor } from '@tessera/test-support';
import { startOidcProvider, type TestOidcProvider } from '@tessera/test-support/oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudioWorld, type StudioWorld } from './support/studio-world.ts';
import { freshBrowsers, studioLoaded } from './support/pages.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}4x-${name}.png` });

let world: StudioWorld;
let idp: TestOidcProvider;
let ssoDomainId: string;
const browsers = freshBrowsers();

beforeAll(async () => {
  world = await startStudioWorld();
});

afterAll(async () => {
  if (world) writeFileSync(`${SHOTS}sso-server.log`, world.server.output.join('\n'));
  await browsers.closeAll();
  await idp?.close();
  await world?.close();
});

describe('single sign-on', () => {
  it('signs an SSO member in at the OpenID provider and lands them in Studio on their profile', async () => {
    const { admin, server } = world;
    const created = await admin.rest('POST', '/api/v1/domains', {
      DomainName: `sso-${Date.now().toString(36)}`,
      AuthMode: 'SSO',
      DefaultUserSettings: { ExecutionRole: 'arn:aws:iam::123456789012:role/SageMakerExecution' },
    });
    expect(created.status).toBe(200);
    const domainId: string = created.body.DomainArn.split('/').pop();
    ssoDomainId = domainId;
    await waitFor(
      async () =>
        (await admin.rest('GET', `/api/v1/domains/${domainId}`)).body.Status === 'InService' ? true : undefined,
      'domain InService',
      30_000,
      100,
    );

    idp = await startOidcProvider({ redirectUris: [`${server.url}/sso/${domainId}/callback`] });
    const put = await admin.rest('POST', `/api/v1/domains/${domainId}/identity-provider`, {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const profile = await admin.rest('POST', `/api/v1/domains/${domainId}/user-profiles`, {
      UserProfileName: 'ada',
      SingleSignOnUserIdentifier: 'UserName',
      SingleSignOnUserValue: 'ada.lovelace',
    });
    expect(profile.status, JSON.stringify(profile.body)).toBe(200);
    await waitFor(
      async () =>
        (await admin.rest('GET', `/api/v1/domains/${domainId}/user-profiles/ada`)).body.Status === 'InService'
          ? true
          : undefined,
      'profile InService',
      30_000,
      100,
    );
    const members = await admin.rest('GET', `/api/v1/domains/${domainId}/identity-provider/members`);
    const url: string = members.body.members.find((m: any) => m.userProfileName === 'ada').url;

    const page = await browsers.page();
    await page.goto(url);
    // At the provider's own sign-in form, the user name already filled in from login_hint.
    expect(page.url().startsWith(idp.issuer)).toBe(true);
    expect(await page.locator('input[name=login]').inputValue()).toBe('ada.lovelace');
    await page.fill('input[name=password]', 'any-password');
    await shot(page, 'sso-1-provider-sign-in');
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/studio' && u.searchParams.get('profile') === 'ada', {
      timeout: 30_000,
    });
    await studioLoaded(page);
    await shot(page, 'sso-2-studio');
    const me = await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user);
    expect(me.username).toBe('ada.lovelace');
    expect(me.isAdmin).toBe(false);
  });

  it('tells an identity without a user profile that an administrator must create one', async () => {
    const page = await browsers.page();
    await page.goto(`${world.server.url}/sso/${ssoDomainId}`);
    await page.fill('input[name=login]', 'grace');
    await page.fill('input[name=password]', 'any-password');
    await page.click('button[type=submit]');
    await page.getByText('No user profile for you yet').waitFor();
    expect(await page.locator('#message').innerText()).toContain('"grace"');
    await shot(page, 'sso-3-no-profile');
  });
});

describe('presigned domain URL', () => {
  it('opens Studio once from a URL made with the SDK, and refuses a second browser', async () => {
    const user = await world.newUser();
    const sagemaker = sageMakerClient(world.server.url, await issueAccessKey(world.admin));
    const { AuthorizedUrl } = await sagemaker.send(
      new CreatePresignedDomainUrlCommand({
        DomainId: user.domainId,
        UserProfileName: user.profile,
        ExpiresInSeconds: 300,
      }),
    );

    const first = await browsers.page();
    await first.goto(AuthorizedUrl!);
    await first.waitForURL((u) => u.pathname === '/studio' && u.searchParams.get('profile') === user.profile);
    await studioLoaded(first);
    await shot(first, 'presigned-1-studio');
    expect((await first.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user)).username).toBe(
      user.username,
    );

    const second = await browsers.page();
    const res = await second.goto(AuthorizedUrl!);
    expect(res!.status()).toBe(403);
    await second.getByText('This link has already been used or has expired; ask for a new one.').waitFor();
    expect(new URL(second.url()).pathname).toMatch(/^\/auth\/presigned\//);
    await shot(second, 'presigned-2-used');
  });
});
