// Typing into JupyterLab notebooks from Playwright: wait for CodeMirror to take the text
// before running, or Shift+Enter moves on without executing.
import type { Page } from 'playwright-core';

/** Waits until the visible notebook's kernel is idle: a cell run earlier is silently dropped. */
export async function kernelIdle(page: Page, timeout = 180_000): Promise<void> {
  await page
    .locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status="idle"]')
    .waitFor({ timeout });
  await page
    .locator('.jp-StatusBar-Widget', { hasText: /\| Idle/ })
    .first()
    .waitFor({ timeout });
}

/**
 * A new notebook is usable once its file exists and its kernel is idle. Text typed before the
 * document finished loading goes to a cell that loading replaces (as a person would not notice:
 * nobody types within a second of clicking "Notebook").
 */
export async function notebookReady(page: Page, name: string, timeout = 180_000): Promise<void> {
  await page.locator('.lm-TabBar-tab.lm-mod-current', { hasText: name }).first().waitFor({ timeout });
  // The document is loaded once its "kernel" toolbar item names a kernel instead of initializing.
  await kernelIdle(page, timeout);
  await page.waitForTimeout(1000);
}

export async function runInLastCell(page: Page, code: string): Promise<void> {
  await kernelIdle(page);
  const cells = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
  const last = cells.last();
  await last.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  // insertText bypasses auto-indent and bracket closing, so the cell holds exactly `code`.
  await page.keyboard.insertText(code);
  await page.waitForFunction(
    ([expected]) => {
      const all = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
      const el = all[all.length - 1]?.querySelector('.cm-content') as HTMLElement | null;
      return !!el && el.innerText.replace(/\u200b/g, '').trim() === expected!.trim();
    },
    [code],
  );
  await page.waitForTimeout(150);
  await page.keyboard.press('Shift+Enter');
}

/** The output text of the cell at `index` (0-based), once it has some. */
export async function outputOf(page: Page, index: number, timeout = 120_000): Promise<string> {
  const cell = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell').nth(index);
  const output = cell.locator('.jp-OutputArea-output').first();
  await output.waitFor({ timeout });
  return (await output.innerText()).trim();
}
