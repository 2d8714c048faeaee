// Records what a page did on the wire (failed requests, kernel WebSocket messages, console
// errors) to a log file beside the screenshots: the first thing to read when a kernel hangs.
import { appendFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

export function recordTraffic(page: Page, file: string): void {
  writeFileSync(file, '');
  const log = (line: string) => appendFileSync(file, `${new Date().toISOString().slice(11, 23)} ${line}\n`);
  const summary = (payload: string | Buffer) => {
    const t = String(payload);
    const types = [...t.matchAll(/"msg_type": ?"(\w+)"/g)].map((m) => m[1]).join(' < ');
    const state = /"execution_state": ?"(\w+)"/.exec(t)?.[1] ?? '';
    const channel = /(shell|iopub|control|stdin)/.exec(t)?.[1] ?? '';
    return `${channel} ${types} ${state}`.trim();
  };
  page.on(
    'console',
    (m) => (m.type() === 'error' || m.type() === 'warning') && log(`console.${m.type()} ${m.text().slice(0, 300)}`),
  );
  page.on('pageerror', (e) => log(`pageerror ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && log(`HTTP ${r.status()} ${r.request().method()} ${r.url()}`));
  page.on('websocket', (ws) => {
    const name = ws.url().replace(/^.*\/(api\/[^?]*).*$/, '$1');
    log(`ws open ${ws.url()}`);
    ws.on('close', () => log(`ws close ${name}`));
    ws.on('socketerror', (e) => log(`ws error ${name} ${e}`));
    if (!ws.url().includes('/channels')) return;
    ws.on('framesent', (f) => log(`ws > ${summary(f.payload)}`));
    ws.on('framereceived', (f) => log(`ws < ${summary(f.payload)}`));
  });
}
