// Development aid: signs in to a dev-server.ts world in Chromium, opens Studio and screenshots it.
//   tsx scripts/probe.ts /tmp/dev-world.json [name]
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../support/browser.ts';

const world = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const name = process.argv[3] ?? 'probe';
const { context, close } = await launchBrowser({ colorScheme: (process.env.SCHEME as 'dark') ?? 'light' });
const page = await context.newPage();
const logs: string[] = [];
page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
page.on('response', (r) => r.status() >= 400 && logs.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`));
await page.goto(`${world.url}/studio`);
await page.fill('#username', world.username);
await page.fill('#password', world.password);
await page.screenshot({ path: `screenshots/${name}-login.png` });
await page.click('button[type=submit]');
await page.waitForURL((u) => u.pathname === '/studio');
await page.waitForTimeout(400);
await page.screenshot({ path: `screenshots/${name}-boot.png` });
await page.waitForSelector('.jp-LabShell', { timeout: 90_000 }).catch(() => logs.push('no LabShell'));
await page.waitForTimeout(Number(process.env.WAIT ?? 4000));
await page.screenshot({ path: `screenshots/${name}-lab.png` });
console.log(
  logs
    .filter((l) => !/DevTools|Download the React/.test(l))
    .slice(0, 60)
    .join('\n'),
);
await close();
