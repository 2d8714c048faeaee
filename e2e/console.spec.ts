// The admin console in Chromium against a real server: the admin signs in, runs quick start,
// creates a user and gives them a profile; that user signs in and opens Studio, and the invited
// user sets a password through their link and lands in Studio too. Then the admin's other pages:
// activity (stopping an app), quotas, usage, prices, a user's access key, deleting a domain.
// Every console page is saved as e2e/screenshots/2x-*.png.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { waitFor } from '@tessera/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudioWorld, type StudioWorld } from './support/studio-world.ts';
import { freshBrowsers, studioLoaded } from './support/pages.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
// Whole pages, except with a dialog open (a fixed backdrop only covers the viewport in a full-page shot).
const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: `${SHOTS}2x-${name}.png`, fullPage });

let world: StudioWorld;
let admin: Page;
const browsers = freshBrowsers();
const stamp = Date.now().toString(36);
const domainName = `research-${stamp}`;
const invited = `alice-${stamp}`;
const created = `bob-${stamp}`;
const password = 'bobs-password-0123456';
let domainId = '';
let inviteUrl = '';

async function nav(page: Page, label: string) {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: label }).click();
}

beforeAll(async () => {
  world = await startStudioWorld();
  admin = await browsers.page();
  admin.on('pageerror', (e) => console.error('console page error:', e.message));
});

afterAll(async () => {
  if (world) writeFileSync(`${SHOTS}console-server.log`, world.server.output.join('\n'));
  await browsers.closeAll();
  await world?.close();
});

describe('admin console', () => {
  it('signs the admin in through /login and runs quick start: a domain and an invited user', async () => {
    await admin.goto(`${world.server.url}/console`);
    await admin.waitForURL(/\/login\?next=%2Fconsole/);
    await admin.fill('#username', 'admin');
    await admin.fill('#password', world.server.adminPassword);
    await admin.click('button[type=submit]');
    await admin.waitForURL(/\/console$/);
    await admin.getByRole('heading', { name: 'Quick start' }).waitFor();

    // Inline validation before anything is sent.
    await admin.getByRole('button', { name: 'Create domain and users' }).click();
    await admin.getByText('Required').first().waitFor();
    await admin.getByLabel('Domain name').fill('not a name');
    await admin.getByText('Letters, digits and hyphens; starts and ends').waitFor();

    await admin.getByLabel('Domain name').fill(domainName);
    await admin.getByLabel('Username 1').fill(invited);
    await admin.getByLabel('Email 1').fill('alice@example.com');
    await admin.getByLabel('Allow public read-only notebook links').uncheck();
    await shot(admin, '01-quick-start');
    await admin.getByRole('button', { name: 'Create domain and users' }).click();
    await admin.getByText(`Invitation link for ${invited}`).waitFor();
    inviteUrl = (await admin.getByTestId('secret-value').textContent())!;
    expect(inviteUrl).toMatch(new RegExp(`^${world.server.url}/invite/`));
    await shot(admin, '02-quick-start-done');
    domainId = (await admin.locator('.c-alert-success').textContent())!.match(/\((d-[a-z0-9]+)\)/)![1]!;

    // The server's own refusal is shown as it is: the name is taken now.
    await admin.getByRole('button', { name: 'Start another' }).click();
    await admin.getByLabel('Domain name').fill(domainName);
    await admin.getByRole('button', { name: 'Create domain and users' }).click();
    await admin
      .getByRole('alert')
      .filter({ hasText: `a domain named ${domainName} already exists` })
      .waitFor();
  });

  it('creates a user, gives them a profile in the domain, and that user signs in and opens Studio', async () => {
    await nav(admin, 'Users & groups');
    const form = admin.getByRole('form', { name: 'Create user' });
    await form.getByLabel('Username').fill(created);
    await form.getByLabel('Display name').fill('Bob Builder');
    await form.getByLabel('Initial password').fill('short');
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByText('At least 12 characters').waitFor();
    await form.getByLabel('Initial password').fill(password);
    await form.getByRole('button', { name: 'Create user' }).click();
    await admin.getByText(`User ${created} was created.`).waitFor();
    // Without a password, the user gets a one-time invitation link instead.
    await form.getByLabel('Username').fill(`dan-${stamp}`);
    await form.getByRole('button', { name: 'Create user' }).click();
    await admin.getByText(`User dan-${stamp} was created.`).waitFor();
    const carolLink = await admin.getByTestId('secret-value').textContent();
    expect(carolLink).toMatch(/\/invite\/[\w-]{43}$/);
    expect((await fetch(carolLink!)).status).toBe(200);

    await admin.getByRole('form', { name: 'Create group' }).getByLabel('New group').fill('analysts');
    await admin.getByRole('button', { name: 'Create group' }).click();
    await admin.getByLabel('Add member to analysts').selectOption(created);
    await admin
      .getByRole('row', { name: /analysts/ })
      .getByRole('button', { name: 'Add' })
      .click();
    await admin.getByRole('button', { name: `Remove ${created} from analysts` }).waitFor();
    await shot(admin, '03-users-and-groups');

    await nav(admin, 'Domains');
    await admin.getByRole('link', { name: domainName }).click();
    await admin.getByRole('heading', { name: domainName }).waitFor();
    await admin.getByText('InService').first().waitFor({ timeout: 30_000 });
    const add = admin.getByRole('form', { name: 'Add user profile' });
    await add.getByLabel('New profile name').fill('bob');
    await add.getByLabel('Owner').selectOption(created);
    await add.getByRole('button', { name: 'Add profile' }).click();
    await admin.getByLabel('Owner of bob').waitFor();
    expect(await admin.getByLabel('Owner of bob').inputValue()).toBe(created);
    await waitFor(
      async () =>
        (await world.admin.rest('GET', `/api/v1/domains/${domainId}/user-profiles/bob`)).body.Status === 'InService'
          ? true
          : undefined,
      'profile bob InService',
      30_000,
      100,
    );

    const bob = await browsers.page();
    await bob.goto(`${world.server.url}/studio`);
    await bob.waitForURL(/\/login/);
    await bob.fill('#username', created);
    await bob.fill('#password', password);
    await bob.click('button[type=submit]');
    await bob.waitForURL(/\/studio/);
    await studioLoaded(bob);
    await shot(bob, '04-user-in-studio');

    // Bob is no administrator: the console answers with its 403 page.
    const res = await bob.goto(`${world.server.url}/console`);
    expect(res!.status()).toBe(403);
    await shot(bob, '05-not-an-admin');
  });

  it('lets the invited user choose a password through the one-time link and land in Studio', async () => {
    const alice = await browsers.page();
    await alice.goto(inviteUrl);
    await alice.fill('input[name=password]', 'alices-password-0123');
    await alice.fill('input[name=confirm]', 'alices-password-0123');
    await alice.click('button[type=submit]');
    await alice.waitForURL(/\/studio/);
    await studioLoaded(alice);
    const me = await alice.evaluate(async () => (await (await fetch('/api/v1/me')).json()).user);
    expect(me.username).toBe(invited);
  });

  it('shows who runs what on the activity page and stops an app there', async () => {
    await nav(admin, 'Activity');
    const row = admin
      .getByRole('table', { name: 'Running apps' })
      .getByRole('row', { name: new RegExp(`${created}.*KernelGateway`) });
    await row.waitFor({ timeout: 60_000 });
    await admin
      .getByRole('table', { name: 'Running apps' })
      .getByRole('row', { name: new RegExp(`${invited}.*JupyterServer`) })
      .waitFor();
    await shot(admin, '06-activity');
    await row.getByRole('button', { name: /Delete/ }).click();
    await admin.getByRole('dialog').waitFor();
    await shot(admin, '07-activity-confirm-stop', false);
    await admin.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
  });

  it("shows the domain's profiles and settings, sets a quota, and lists what blocks deleting the domain", async () => {
    await nav(admin, 'Quotas');
    const form = admin.getByRole('form', { name: 'Set a quota' });
    await form.getByLabel('Domain').selectOption(domainId);
    await form.getByLabel('Applies to').selectOption('UserProfile');
    await form.getByLabel('User profile').selectOption('bob');
    await form.getByLabel('Instance type').selectOption('ml.t3.medium');
    await form.getByLabel('Max instances').fill('1');
    await form.getByRole('button', { name: 'Set quota' }).click();
    await admin
      .getByRole('table', { name: 'Quotas' })
      .getByRole('row', { name: /Profile bob/ })
      .waitFor();
    await form.getByLabel('Applies to').selectOption('Domain');
    await form.getByLabel('Max instances').fill('4');
    await form.getByRole('button', { name: 'Set quota' }).click();
    await admin
      .getByRole('table', { name: 'Quotas' })
      .getByRole('row', { name: /Whole domain/ })
      .waitFor();
    await shot(admin, '08-quotas');

    await nav(admin, 'Domains');
    await shot(admin, '09-domains');
    await admin.getByRole('link', { name: domainName }).click();
    await admin.getByTestId('blockers').waitFor();
    expect(await admin.getByTestId('blockers').textContent()).toMatch(/2 user profiles/);
    await shot(admin, '10-domain');
    await admin.getByRole('button', { name: 'Delete domain with profiles and home storage' }).click();
    await admin.getByRole('dialog').waitFor();
    await shot(admin, '11-domain-confirm-delete', false);
    await admin.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  it('issues an access key for a user (secret shown once), and shows usage and the price table', async () => {
    await nav(admin, 'Users & groups');
    await admin.getByRole('link', { name: created }).click();
    await admin.getByRole('heading', { name: created }).waitFor();
    await admin.getByRole('button', { name: 'Create access key' }).click();
    await admin.getByText('Secret access key').waitFor();
    expect((await admin.getByTestId('secret-value').textContent())!.length).toBeGreaterThan(30);
    await shot(admin, '12-user');

    await nav(admin, 'Prices');
    const price = admin.getByLabel('Price of ml.t3.medium');
    await price.fill('0.0625');
    await admin
      .getByRole('row', { name: /ml\.t3\.medium/ })
      .getByRole('button', { name: 'Save' })
      .click();
    await admin.getByText('Price of ml.t3.medium saved.').waitFor();
    await shot(admin, '13-prices');

    await nav(admin, 'Usage & cost');
    await admin.getByRole('img', { name: 'Cost per day' }).waitFor();
    await shot(admin, '14-usage');
  });

  it("shows an SSO domain's provider settings and each member's direct Studio URL", async () => {
    const r = await world.admin.rest('POST', '/api/v1/console/quick-start', {
      domainName: `sso-${stamp}`,
      authMode: 'SSO',
      users: [{ username: `carol-${stamp}` }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await admin.goto(`${world.server.url}/console/domains/${r.body.domainId}`);
    await admin.getByRole('heading', { name: 'Single sign-on (OpenID Connect)' }).waitFor();
    await admin.getByText('No identity provider is set').waitFor();
    // Saving without a reachable issuer shows the server's own message.
    await admin.getByLabel('Issuer URL').fill('http://127.0.0.1:9/realms/none');
    await admin.getByLabel('Client ID').fill('tessera');
    await admin.getByRole('button', { name: 'Save provider' }).click();
    await admin.getByRole('alert').first().waitFor();
    await admin
      .getByRole('table', { name: 'SSO members' })
      .getByRole('row', { name: new RegExp(`carol-${stamp}`) })
      .waitFor();
    await shot(admin, '15-sso-domain');
  });
});
