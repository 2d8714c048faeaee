// Objects are inert in Chromium: an ordinary user uploads HTML, SVG and XML that would set the
// page title and read /api/v1/me with the session of whoever opens them, presigns links to them
// and lures the admin, signed in to Tessera in the same browser, into opening them, directly or
// framed by another site. Nothing runs: the browser downloads the objects. A control shows that
// the same payload served as a live page at Tessera's origin does run and does read the admin's
// account; an ordinary PNG still opens inline.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { issueAccessKey } from '@tessera/test-support';
import type { BrowserContext, Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { startStudioWorld, type StudioWorld } from './support/studio-world.ts';

const RAN = 'script ran';
const SCRIPT = `document.title = '${RAN}'; fetch('/api/v1/me').then((r) => r.text()).then((t) => (window.stolen = t));`;
const HTML = `<!doctype html><title>object</title><p>hello</p><script>${SCRIPT}</script>`;
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>${SCRIPT}</script></svg>`;
// A 1×1 red PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);
const XHTML =
  '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>object</title></head>' +
  `<body><script>${SCRIPT}</script></body></html>`;

let world: StudioWorld;
let browser: { context: BrowserContext; close(): Promise<void> };
let s3: S3Client;
const Bucket = `inert-${Date.now().toString(36)}`;
const presign = (Key: string, extra: { ResponseContentType?: string } = {}) =>
  getSignedUrl(s3, new GetObjectCommand({ Bucket, Key, ...extra }), { expiresIn: 600 });

beforeAll(async () => {
  world = await startStudioWorld();
  // The attacker is an ordinary user with an access key, as any scientist has.
  const attacker = await world.newUser();
  s3 = new S3Client({
    endpoint: world.server.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: await issueAccessKey(attacker.session),
  });
  await s3.send(new CreateBucketCommand({ Bucket }));
  const put = (Key: string, Body: string | Buffer, ContentType: string) =>
    s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentType }));
  await put('page.html', HTML, 'text/html');
  await put('drawing.svg', SVG, 'image/svg+xml');
  await put('doc.xml', XHTML, 'application/xml');
  await put('notes.txt', HTML, 'text/plain');
  await put('pixel.png', PNG, 'image/png');

  // The victim: the admin, signed in to Tessera in this browser.
  browser = await launchBrowser();
  const eq = world.admin.cookie.indexOf('=');
  const cookie = { name: world.admin.cookie.slice(0, eq), value: world.admin.cookie.slice(eq + 1) };
  await browser.context.addCookies([{ ...cookie, url: world.server.url }]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** Opens `url` in a fresh tab and reports what happened: a download, the title, who read /api/v1/me. */
async function open(url: string) {
  const page = await browser.context.newPage();
  const meRequests: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/me') meRequests.push(r.url());
  });
  const download = page.waitForEvent('download', { timeout: 4_000 }).then(
    (d: Download) => d,
    () => undefined,
  );
  // Navigating to a download "fails" the navigation: that is the outcome wanted, not an error.
  await page.goto(url).catch(() => undefined);
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const title = await page.title();
  const stolen = await page.evaluate(() => (window as unknown as { stolen?: string }).stolen).catch(() => undefined);
  return { page, title, meRequests, stolen, download: await download };
}

describe('Objects opened from presigned links in Chromium', () => {
  it('control: the payload served live at Tessera’s origin runs and reads the admin’s account', async () => {
    const me = await browser.context.newPage();
    await me.goto(`${world.server.url}/api/v1/me`);
    expect(await me.textContent('body')).toContain('"username":"admin"');
    await me.close();

    const controlUrl = `${world.server.url}/inert-control.html`;
    await browser.context.route(controlUrl, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: HTML }),
    );
    const seen = await open(controlUrl);
    await seen.page.waitForFunction(() => (window as unknown as { stolen?: string }).stolen !== undefined);
    const stolen = await seen.page.evaluate(() => (window as unknown as { stolen?: string }).stolen);
    expect(seen.title).toBe(RAN);
    expect(seen.meRequests).toHaveLength(1);
    expect(stolen).toContain('"username":"admin"');
    expect(seen.download).toBeUndefined();
    await seen.page.close();
    await browser.context.unroute(controlUrl);
  });

  for (const [Key, body] of [
    ['page.html', HTML],
    ['drawing.svg', SVG],
    ['doc.xml', XHTML],
  ] as const) {
    it(`downloads ${Key} instead of running it`, async () => {
      const seen = await open(await presign(Key));
      expect(seen.title).not.toBe(RAN);
      expect(seen.meRequests).toEqual([]);
      expect(seen.stolen).toBeUndefined();
      expect(seen.download).toBeDefined();
      expect(readFileSync((await seen.download!.path())!, 'utf8')).toBe(body);
      await seen.page.close();
    });
  }

  it('downloads a text/plain object whose link asks for text/html', async () => {
    const seen = await open(await presign('notes.txt', { ResponseContentType: 'text/html' }));
    expect(seen.title).not.toBe(RAN);
    expect(seen.meRequests).toEqual([]);
    expect(seen.download).toBeDefined();
    await seen.page.close();
  });

  it('runs nothing when another site frames the link', async () => {
    const url = await presign('page.html');
    // A real server on another site (localhost is not 127.0.0.1's site): a page Playwright made up
    // would count as public, and Chromium's Private Network Access would block the frame anyway.
    const site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<iframe src="${url.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></iframe>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const seen = await open(`http://localhost:${(site.address() as AddressInfo).port}/`);
      const frame = seen.page.frames().find((f) => f !== seen.page.mainFrame());
      expect(frame).toBeDefined();
      expect(await frame!.title().catch(() => undefined)).not.toBe(RAN);
      expect(seen.meRequests).toEqual([]);
      await seen.page.close();
    } finally {
      site.close();
    }
  });

  it('still shows an ordinary PNG inline', async () => {
    const seen = await open(await presign('pixel.png'));
    expect(seen.download).toBeUndefined();
    expect(await seen.page.locator('img').count()).toBe(1);
    expect(await seen.page.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await seen.page.close();
  });
});
