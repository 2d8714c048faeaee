// Sharing end to end in Chromium: a user shares a notebook with a matplotlib plot from Studio's
// toolbar; a fresh browser with no cookies opens the link and sees the plot; a crafted
// notebook's outputs run nothing, load nothing and change nothing; the owner revokes the link
// in Studio and it answers 404; a colleague copies a domain link into their own Studio.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { watchInert } from './support/inert-watch.ts';
import { recordTraffic } from './support/traffic.ts';
import { startStudioWorld, type StudioUser, type StudioWorld } from './support/studio-world.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage });
const FIXTURES = new URL('../apps/server/test/fixtures/shares/', import.meta.url).pathname;

type Browser = { context: BrowserContext; close(): Promise<void> };
let world: StudioWorld;
let alice: StudioUser;
let bob: StudioUser;
let studio: Browser;
let page: Page;
let plotLink: string;
const browsers: Browser[] = [];
const homeOf = (u: StudioUser) => u.home;

async function freshBrowser(): Promise<Browser> {
  const b = await launchBrowser();
  browsers.push(b);
  return b;
}

async function signInTo(p: Page, u: StudioUser, next: string) {
  await p.goto(`${world.server.url}/login?next=${encodeURIComponent(next)}`);
  await p.fill('#username', u.username);
  await p.fill('#password', u.password);
  await p.click('button[type=submit]');
}

beforeAll(async () => {
  world = await startStudioWorld();
  alice = await world.newUser();
  bob = await world.newUser(alice.domainId);
  mkdirSync(homeOf(alice), { recursive: true });
  // The plot is drawn by matplotlib in a real ipykernel (nbclient), as a notebook run in Studio.
  execFileSync('/usr/bin/python3', [join(FIXTURES, 'make_plot_notebook.py'), join(homeOf(alice), 'waves.ipynb')], {
    stdio: 'ignore',
    timeout: 120_000,
  });
  // Run in Studio, it would name Studio's kernel (image and instance type), not plain python3.
  const waves = JSON.parse(readFileSync(join(homeOf(alice), 'waves.ipynb'), 'utf8'));
  waves.metadata.kernelspec = {
    name: 'datascience__ml.t3.medium',
    display_name: 'Python 3 (Data Science) · ml.t3.medium',
    language: 'python',
  };
  writeFileSync(join(homeOf(alice), 'waves.ipynb'), JSON.stringify(waves, null, 1));
  copyFileSync(join(FIXTURES, 'malicious.ipynb'), join(homeOf(alice), 'crafted.ipynb'));
  studio = await freshBrowser();
  page = await studio.context.newPage();
  recordTraffic(page, `${SHOTS}share-browser.log`);
});

afterAll(async () => {
  if (world) writeFileSync(`${SHOTS}share-server.log`, world.server.output.join('\n'));
  for (const b of browsers) await b.close().catch(() => undefined);
  await world?.close();
});

describe('Sharing a notebook in Chromium', () => {
  it('shares a notebook with a plot from the notebook toolbar', async () => {
    await signInTo(page, alice, `/studio?domain=${alice.domainId}&profile=${alice.profile}`);
    await page.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
    await page.locator('.jp-DirListing-item', { hasText: 'waves.ipynb' }).dblclick({ timeout: 60_000 });
    const panel = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
    await panel.locator('.jp-RenderedImage img').first().waitFor({ timeout: 60_000 });
    await panel.locator('.jp-Toolbar [data-command="tessera:share-notebook"]').click();
    const dialog = page.locator('.jp-Dialog .tessera-ShareDialog');
    await dialog.waitFor();
    await dialog.getByText('No links yet.').waitFor();
    await dialog.locator('select[name=visibility]').selectOption('Public');
    await dialog.locator('select[name=expiry]').selectOption({ label: '7 days' });
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const url = dialog.locator('.tessera-ShareResult .tessera-ShareLink-url');
    await url.waitFor();
    plotLink = await url.inputValue();
    expect(plotLink).toMatch(new RegExp(`^${world.server.url}/share/[A-Za-z0-9_-]{43}$`));
    await dialog.locator('.tessera-ShareItem').first().waitFor();
    expect(await dialog.locator('.tessera-ShareItem').first().innerText()).toMatch(/public[\s\S]*expires/i);
    await shot(page, '30-share-dialog');
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Close' }).click();
  });

  it('opens the link in a fresh browser with no cookies: the plot shows, and nothing else is fetched', async () => {
    const viewer = await freshBrowser();
    expect(await viewer.context.cookies()).toEqual([]);
    const p = await viewer.context.newPage();
    const watch = await watchInert(viewer.context, p);
    const res = await p.goto(plotLink);
    expect(res!.status()).toBe(200);
    await p.locator('.t-doc-head h1', { hasText: 'Sine waves' }).waitFor();
    const plot = p.locator('img.t-image').first();
    await plot.waitFor();
    // Decoded and drawn: a PNG from the snapshot, not a broken image.
    expect(await plot.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 300)).toBe(true);
    expect(await p.locator('table.dataframe tbody tr').count()).toBe(3);
    expect(await p.locator('.t-prompt', { hasText: 'In [1]:' }).count()).toBe(1);
    expect(await p.getByText('Sign in to copy it to your Studio').count()).toBe(1);
    await p.waitForTimeout(500);
    expect(watch.requests.filter((u) => u !== plotLink && !u.startsWith('data:'))).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    await shot(p, '31-viewer-plot', true);
  });

  it(
    "runs nothing from a crafted notebook's outputs: no dialog, " + 'no request, no DOM change, no CSP violation',
    async () => {
      const created = await alice.session.rest('POST', '/api/v1/shares', {
        domainId: alice.domainId,
        userProfileName: alice.profile,
        path: 'crafted.ipynb',
        visibility: 'Public',
      });
      expect(created.status).toBe(200);
      const link = `${world.server.url}${new URL(created.body.share.url).pathname}`;
      const viewer = await freshBrowser();
      const p = await viewer.context.newPage();
      const watch = await watchInert(viewer.context, p);
      expect((await p.goto(link))!.status()).toBe(200);
      await p.locator('.t-doc-head h1', { hasText: 'Crafted outputs' }).waitFor();
      // Give timers, image errors, autoplay, refreshes and animations time to fire if they could.
      await p.waitForTimeout(2000);
      const inside = await watch.inPage();
      expect(inside).toEqual({ violations: [], mutations: 0 });
      // The recorder is live: a change made now is counted (and then accounted for).
      await p.evaluate(() => document.body.append(''));
      expect((await watch.inPage()).mutations).toBe(1);
      // What a reader would click: the neutered javascript: link and the <details> with ontoggle.
      await p.getByText('click me').click();
      await p.locator('details summary').first().click();
      await p.waitForTimeout(500);
      expect(p.url()).toBe(link);
      expect(watch.dialogs).toEqual([]);
      expect(watch.requests.filter((u) => u !== link && !u.startsWith('data:'))).toEqual([]);
      expect((await watch.inPage()).violations).toEqual([]);
      expect(await p.locator('script, iframe, object, embed, form input').count()).toBe(0);
      expect(await p.getByText('html output kept').count()).toBe(1);
      await p.evaluate(() => window.scrollTo(0, 0));
      await shot(p, '32-viewer-crafted', true);
    },
  );

  it('revokes the link from Studio: it answers 404 at once', async () => {
    const panel = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
    await panel.locator('.jp-Toolbar [data-command="tessera:share-notebook"]').click();
    const dialog = page.locator('.jp-Dialog .tessera-ShareDialog');
    const item = dialog.locator('.tessera-ShareItem').filter({ has: page.locator(`input[value="${plotLink}"]`) });
    await item.waitFor();
    await item.getByRole('button', { name: 'Revoke' }).click();
    await dialog.getByText('No links yet.').waitFor();
    await shot(page, '33-share-dialog-revoked');
    await page.locator('.jp-Dialog').getByRole('button', { name: 'Close' }).click();
    const viewer = await freshBrowser();
    const p = await viewer.context.newPage();
    const res = await p.goto(plotLink);
    expect(res!.status()).toBe(404);
    await p.getByText('This link does not work').waitFor();
    await shot(p, '34-revoked-404');
  });

  it('lets a colleague in the domain open a domain link after signing in and copy it into their Studio', async () => {
    const created = await alice.session.rest('POST', '/api/v1/shares', {
      domainId: alice.domainId,
      userProfileName: alice.profile,
      path: 'waves.ipynb',
      visibility: 'Domain',
    });
    const link = `${world.server.url}${new URL(created.body.share.url).pathname}`;
    const b = await freshBrowser();
    const p = await b.context.newPage();
    await p.goto(link);
    expect(new URL(p.url()).pathname).toBe('/login');
    await p.fill('#username', bob.username);
    await p.fill('#password', bob.password);
    await p.click('button[type=submit]');
    await p.waitForURL(link);
    await p.getByRole('button', { name: 'Copy to my Studio' }).waitFor();
    await shot(p, '35-viewer-signed-in', true);
    await p.getByRole('button', { name: 'Copy to my Studio' }).click();
    await p.waitForURL((u) => u.pathname === '/studio/lab/tree/waves.ipynb');
    expect(existsSync(join(homeOf(bob), 'waves.ipynb'))).toBe(true);
    await p.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
    // The copy is in the file browser and open in a tab, its plot rendered.
    await p.locator('.jp-DirListing-item', { hasText: 'waves.ipynb' }).waitFor({ timeout: 60_000 });
    await p.locator('.lm-TabBar-tab.jp-mod-current', { hasText: 'waves.ipynb' }).waitFor({ timeout: 60_000 });
    await p.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedImage img').first().waitFor({ timeout: 60_000 });
    await shot(p, '36-copied-into-studio');
  });
});
