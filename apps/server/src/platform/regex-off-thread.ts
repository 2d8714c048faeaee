// Users' regular expressions (FilterLogEvents' %regex%, MetricDefinitions) are matched in worker
// threads, never on the thread that serves every request. RE2 is linear in the text, but its
// time per character depends on the pattern in ways no check of the source bounds well (counted
// repetitions, \Q...\E runs, Unicode classes over multi-byte text: up to a second per 16 KiB
// line, measured, for patterns of a few hundred characters). So each batch of texts runs under a
// hard time limit: one that runs longer stops only its worker, and the caller is told why.
// One worker per use, each taking one batch at a time, so log filters never wait on metrics.
import { Worker } from 'node:worker_threads';
import type { MatchRequest, MatchResponse } from './regex-worker.ts';

export class RegexTimeout extends Error {}
export class RegexBusy extends Error {}

export type RegexUse = 'filter' | 'metrics';

/** Batches waiting for a worker beyond this many are refused rather than queued. */
const MAX_WAITING = 32;

// The server runs its TypeScript through tsx, whose loader a worker thread does not inherit:
// the worker registers it before importing its entry.
const ENTRY = new URL('./regex-worker.ts', import.meta.url).href;
const BOOT =
  `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); ` +
  `return import(${JSON.stringify(ENTRY)}); })`;

interface Lane {
  worker?: Worker;
  queue: Promise<unknown>;
  waiting: number;
}

const lanes: Record<RegexUse, Lane> = {
  filter: { queue: Promise.resolve(), waiting: 0 },
  metrics: { queue: Promise.resolve(), waiting: 0 },
};

function startWorker(lane: Lane): Worker {
  const w = new Worker(BOOT, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 256 } });
  // An idle matcher must not keep the process alive at shutdown.
  w.unref();
  w.on('error', () => undefined);
  w.on('exit', () => {
    if (lane.worker === w) lane.worker = undefined;
  });
  return w;
}

export interface Matched {
  /** Per text, per pattern: null where it does not match, else its first group (or the whole match). */
  results: (string | null)[][];
  /** How long the worker took (waiting for it not counted). */
  ms: number;
}

function runOnce(lane: Lane, req: MatchRequest, limitMs: number): Promise<Matched> {
  const w = (lane.worker ??= startWorker(lane));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      w.off('message', onMessage);
      w.off('exit', onExit);
      fn();
    };
    const onMessage = (m: MatchResponse) =>
      done(() =>
        m.results ? resolve({ results: m.results, ms: performance.now() - started }) : reject(new Error(m.error)),
      );
    const onExit = (code: number) => done(() => reject(new Error(`the regex worker stopped (exit code ${code})`)));
    const timer = setTimeout(() => {
      done(() => reject(new RegexTimeout(`matching took longer than ${limitMs / 1000} s`)));
      if (lane.worker === w) lane.worker = undefined;
      void w.terminate();
    }, limitMs);
    w.on('message', onMessage);
    w.on('exit', onExit);
    w.postMessage(req);
  });
}

/**
 * Matches every pattern against every text in a worker. RegexTimeout when the batch takes over
 * `limitMs`; RegexBusy when too many batches wait already.
 */
export function matchOffThread(use: RegexUse, patterns: string[], texts: string[], limitMs: number): Promise<Matched> {
  const lane = lanes[use];
  if (lane.waiting >= MAX_WAITING)
    return Promise.reject(new RegexBusy('too many regular expressions are being matched'));
  lane.waiting++;
  const result = lane.queue.then(() => runOnce(lane, { patterns, texts }, limitMs)).finally(() => lane.waiting--);
  lane.queue = result.catch(() => undefined);
  return result;
}
