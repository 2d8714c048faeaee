// Studio on the docker runtime, in Chromium, as a data scientist sees it: the notebook's kernel runs
// in a container as the profile's own user (sagemaker-user, 1000:100), writes to its home, cannot
// write the image or reach the host, and the usage bar shows its instance type's limits.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { notebookReady, outputOf, runInLastCell } from './support/notebook.ts';
import { startStudioWorld, type StudioUser, type StudioWorld } from './support/studio-world.ts';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });
const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}${name}.png` });

let world: StudioWorld;
let alice: StudioUser;
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;

beforeAll(async () => {
  world = await startStudioWorld({ TESSERA_BACKEND: 'docker' });
  alice = await world.newUser();
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  if (world) writeFileSync(`${SHOTS}server-docker.log`, world.server.output.join('\n'));
  await browser?.close();
  await world?.close();
});

describe('Studio on the docker runtime in Chromium', () => {
  it("runs a notebook in a container as the profile's user, kept from the image and the host", async () => {
    await page.goto(`${world.server.url}/login?next=/studio`);
    await page.fill('#username', alice.username);
    await page.fill('#password', alice.password);
    await page.click('button[type=submit]');
    await page.locator('.jp-LabShell').waitFor({ timeout: 180_000 });
    await page.locator('.tessera-KernelChoiceBar select').first().waitFor({ timeout: 60_000 });
    await page.locator('.jp-LauncherCard[data-category="Notebook"]').first().click();
    await page.locator('.jp-NotebookPanel').waitFor();
    await notebookReady(page, 'Untitled.ipynb');
    await runInLastCell(
      page,
      [
        'import os, pwd',
        "print('user', pwd.getpwuid(os.getuid()).pw_name, os.getuid(), os.getgid())",
        "open(os.path.expanduser('~/mine.txt'), 'w').write('in my home')",
        "print('home', open(os.path.expanduser('~/mine.txt')).read())",
      ].join('\n'),
    );
    expect(await outputOf(page, 0, 180_000)).toContain('user sagemaker-user 1000 100');
    expect(await outputOf(page, 0)).toContain('home in my home');
    await runInLastCell(
      page,
      [
        'import socket',
        'gw = [l.split()[2] for l in open("/proc/net/route").read().splitlines()[1:] if l.split()[1] == "00000000"]',
        'gw = socket.inet_ntoa(bytes.fromhex(gw[0])[::-1]) if gw else None',
        'def reach(host, port):',
        '    try:',
        '        socket.create_connection((host, port), 1).close(); return "open"',
        '    except OSError as e:',
        '        return type(e).__name__',
        "try:\n    open('/usr/local/bin/evil', 'w')\nexcept OSError as e:\n    print('image', e.strerror)",
        "print('host', gw, reach(gw, 22) if gw else 'no route', reach(gw, 8080) if gw else '')",
      ].join('\n'),
    );
    const kept = await outputOf(page, 1, 60_000);
    expect(kept).toContain('image Read-only file system');
    expect(kept).not.toMatch(/ open/);
    await page.waitForTimeout(3500); // one usage poll: the status bar shows the instance's limits
    await shot(page, '40-docker-notebook');
  });

  it('offers the PyTorch (GPU) image: says why it runs on a CPU type on this host, and torch runs', async () => {
    await page.locator('#jp-main-dock-panel .lm-TabBar-addButton').first().click(); // a new launcher
    await page.locator('.tessera-KernelChoiceBar select').first().selectOption('pytorch');
    // Made for ml.g4dn.xlarge; this host has no GPU, so the choice stays on ml.t3.medium and says why.
    const note = page.locator('.tessera-KernelChoiceBar-note');
    await note.waitFor();
    expect(await note.innerText()).toMatch(/PyTorch \(GPU\) is made for ml\.g4dn\.xlarge.*GPU.*ml\.t3\.medium/);
    // (The bar is drawn again on each choice: the selects are looked up afresh.)
    expect(await page.locator('.tessera-KernelChoiceBar select').nth(1).inputValue()).toBe('ml.t3.medium');
    await shot(page, '41-gpu-image-choice');
    await page.locator('.jp-LauncherCard[data-category="Notebook"]').first().click();
    await notebookReady(page, 'Untitled1.ipynb');
    await runInLastCell(page, 'import torch\nprint("torch", torch.__version__, torch.ones(3).sum().item())');
    expect(await outputOf(page, 0, 180_000)).toMatch(/^torch 2\.\d+\.\d+\S* 3\.0$/);
    await shot(page, '42-pytorch-notebook');
    // The next user of this browser profile starts where Studio's defaults are.
    await page
      .locator('.lm-TabBar-tab', { hasText: 'Launcher' })
      .click()
      .catch(() => undefined);
  });
});
