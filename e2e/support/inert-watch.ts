// Watches a page for anything a notebook's outputs might do: network requests (all of them,
// from the whole browser context), dialogs (alert/confirm/prompt), Content-Security-Policy
// violations (something tried to run or load and was stopped) and changes to the DOM after
// it loaded. The recorder is injected by Playwright, so the page's CSP does not block it.
import type { BrowserContext, Page } from 'playwright-core';

export interface InertWatch {
  requests: string[];
  dialogs: string[];
  /** CSP violations and DOM mutations seen inside the page since load. */
  inPage(): Promise<{ violations: string[]; mutations: number }>;
}

export async function watchInert(context: BrowserContext, page: Page): Promise<InertWatch> {
  const requests: string[] = [];
  const dialogs: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __inert: { violations: string[]; mutations: number } };
    w.__inert = { violations: [], mutations: 0 };
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__inert.violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
    // Counting starts once the parser is done: what the server sent is the baseline.
    document.addEventListener('DOMContentLoaded', () => {
      new MutationObserver((records) => (w.__inert.mutations += records.length)).observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
    });
  });
  return {
    requests,
    dialogs,
    inPage: () =>
      page.evaluate(() => (window as unknown as { __inert: { violations: string[]; mutations: number } }).__inert),
  };
}
