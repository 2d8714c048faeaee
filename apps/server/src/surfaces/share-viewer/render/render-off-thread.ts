// Renders snapshots in a worker thread, one at a time, each within a time and memory limit.
// Parsing and sanitizing what a notebook holds is not linear in its size (jsdom and marked take
// seconds for a few thousand nested elements, and can exhaust the heap on a large notebook), and
// anyone with a public link can ask for it: on the server's own thread one crafted notebook would
// stall or crash everything. A render that runs too long or too large stops only the worker.
import { Worker } from 'node:worker_threads';
import type { Notebook } from '../../../resources/shares/notebook-format.ts';

export const RENDER_TIME_LIMIT_MS = 10_000;
const RENDER_HEAP_MB = 768;
/** Views waiting for the renderer beyond this many are refused rather than queued. */
const MAX_WAITING = 8;

export class RenderFailed extends Error {}

let worker: Worker | undefined;
let queue: Promise<unknown> = Promise.resolve();
let waiting = 0;

// The server runs its TypeScript through tsx, whose loader a worker thread does not inherit:
// the worker registers it before importing its entry.
const ENTRY = new URL('./render-worker.ts', import.meta.url).href;
const BOOT =
  `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); ` +
  `return import(${JSON.stringify(ENTRY)}); })`;

function startWorker(): Worker {
  const w = new Worker(BOOT, { eval: true, resourceLimits: { maxOldGenerationSizeMb: RENDER_HEAP_MB } });
  // An idle renderer must not keep the process alive at shutdown.
  w.unref();
  w.on('error', () => undefined);
  w.on('exit', () => {
    if (worker === w) worker = undefined;
  });
  return w;
}

function renderOnce(notebook: Notebook): Promise<string> {
  const w = (worker ??= startWorker());
  return new Promise<string>((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('exit', onExit);
      fn();
    };
    const onMessage = (m: { html?: string; error?: string }) =>
      done(() => (m.html !== undefined ? resolve(m.html) : reject(new RenderFailed(m.error ?? 'render failed'))));
    const onExit = (code: number) =>
      done(() => reject(new RenderFailed(`the renderer stopped (exit code ${code}), probably out of memory`)));
    const timer = setTimeout(() => {
      done(() => reject(new RenderFailed(`rendering took longer than ${RENDER_TIME_LIMIT_MS / 1000} s`)));
      if (worker === w) worker = undefined;
      void w.terminate();
    }, RENDER_TIME_LIMIT_MS);
    w.on('message', onMessage);
    w.on('exit', onExit);
    w.postMessage(notebook);
  });
}

export function renderNotebookOffThread(notebook: Notebook): Promise<string> {
  if (waiting >= MAX_WAITING) return Promise.reject(new RenderFailed('too many notebooks are being rendered'));
  waiting++;
  const result = queue.then(() => renderOnce(notebook)).finally(() => waiting--);
  queue = result.catch(() => undefined);
  return result;
}
