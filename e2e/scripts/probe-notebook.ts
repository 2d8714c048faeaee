// Development aid: like probe.ts, then opens a notebook from the launcher and runs a cell.
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../support/browser.ts';
import { outputOf, runInLastCell } from '../support/notebook.ts';

const world = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
const name = process.argv[3] ?? 'nb';
const { context, close } = await launchBrowser();
const page = await context.newPage();
const logs: string[] = [];
page.on('console', (m) => m.type() !== 'debug' && logs.push(`${m.type()}: ${m.text().slice(0, 300)}`));
page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
page.on('response', (r) => r.status() >= 400 && logs.push(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`));
page.on('websocket', (ws) => {
  logs.push(`ws open ${ws.url()}`);
  ws.on('close', () => logs.push(`ws close ${ws.url()}`));
  ws.on('socketerror', (e) => logs.push(`ws error ${ws.url()} ${e}`));
  const summary = (p: string | Buffer) => {
    const t = String(p);
    const types = [...t.matchAll(/"msg_type": ?"(\w+)"/g)].map((m) => m[1]).join('<');
    const state = /"execution_state": ?"(\w+)"/.exec(t)?.[1] ?? '';
    const chan = /(shell|iopub|control|stdin)/.exec(t)?.[1] ?? '';
    return `${chan} ${types} ${state}`;
  };
  ws.on(
    'framereceived',
    (f) => ws.url().includes('channels') && logs.push(`${Date.now() % 100000} ws recv ${summary(f.payload)}`),
  );
  ws.on(
    'framesent',
    (f) => ws.url().includes('channels') && logs.push(`${Date.now() % 100000} ws sent ${summary(f.payload)}`),
  );
});
try {
  await page.goto(`${world.url}/login?next=/studio`);
  await page.fill('#username', world.username);
  await page.fill('#password', world.password);
  await page.click('button[type=submit]');
  await page.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
  await page.waitForTimeout(1500);
  if (!(await page.locator('.tessera-KernelChoiceBar').isVisible()))
    await page.locator('.lm-DockPanel-addButton').first().click();
  await page.locator('.tessera-KernelChoiceBar select').first().waitFor({ timeout: 120_000 });
  const before = await page.locator('.jp-NotebookPanel').count();
  await page.locator('.jp-LauncherCard[data-category="Notebook"]').first().click();
  await page.waitForFunction((n) => document.querySelectorAll('.jp-NotebookPanel').length > n, before);
  await page.waitForTimeout(Number(process.env.SETTLE ?? 0));
  await page.screenshot({ path: `screenshots/${name}-opened.png` });
  if (process.env.NOTYPE) {
    await page.waitForTimeout(15000);
    console.log('STATUS', await page.locator('.jp-StatusBar-Widget').allInnerTexts());
  }
  await runInLastCell(page, process.env.CODE ?? 'print(1+1)');
  console.log('OUTPUT', await outputOf(page, 0, 60_000));
} catch (e) {
  console.log('FAILED', (e as Error).message.split('\n')[0]);
}
await page.screenshot({ path: `screenshots/${name}-end.png` });
console.log(logs.slice(0, 80).join('\n'));
await close();
