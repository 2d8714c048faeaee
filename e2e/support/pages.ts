// Fresh browsers (each its own context: no cookies shared) and the wait for Studio to be usable,
// for specs that sign several people in.
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';

export function freshBrowsers() {
  const browsers: { close(): Promise<void> }[] = [];
  return {
    /** A page in a new browser with no cookies. */
    async page(): Promise<Page> {
      const b = await launchBrowser();
      browsers.push(b);
      return b.context.newPage();
    },
    async closeAll() {
      for (const b of browsers.splice(0)) await b.close();
    },
  };
}

/** Studio is up: JupyterLab's shell with Tessera's kernel choice bar in the launcher. */
export async function studioLoaded(page: Page) {
  await page.locator('.jp-LabShell').waitFor({ timeout: 120_000 });
  await page.locator('.tessera-KernelChoiceBar select').first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
}
