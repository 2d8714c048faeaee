import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { createReconciler, type ReconcileFn } from './runner.ts';

const make = (fn: ReconcileFn) =>
  createReconciler({ kinds: { thing: fn }, logger: createLogger('silent'), metrics: createMetrics() });

describe('reconciler runner', () => {
  it('runs a key once more if it is enqueued while running', async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const r = make(async (id) => {
      calls.push(id);
      if (calls.length === 1) await gate;
    });
    r.enqueue('thing', 'a');
    r.enqueue('thing', 'a'); // running: marks it dirty
    r.enqueue('thing', 'a'); // still just dirty
    release();
    await r.idle();
    expect(calls).toEqual(['a', 'a']);
    await r.stop();
  });

  it('coalesces a key enqueued many times while it waits for a free slot', async () => {
    const calls: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const r = make(async (id) => {
      calls.push(id);
      if (id.startsWith('busy')) await gate;
    });
    for (let i = 0; i < 8; i++) r.enqueue('thing', `busy-${i}`); // fills every slot
    for (let i = 0; i < 5; i++) r.enqueue('thing', 'waiting');
    expect(calls.filter((c) => c === 'waiting')).toHaveLength(0);
    release();
    await r.idle();
    expect(calls.filter((c) => c === 'waiting')).toHaveLength(1);
    await r.stop();
  });

  it('retries a failing reconcile with growing backoff until it succeeds', async () => {
    const times: number[] = [];
    const r = make(async () => {
      times.push(Date.now());
      if (times.length < 4) throw new Error('not yet');
    });
    r.enqueue('thing', 'x');
    await r.idle(5_000);
    expect(times).toHaveLength(4);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(90);
    expect(gaps[1]).toBeGreaterThanOrEqual(190);
    expect(gaps[2]).toBeGreaterThanOrEqual(390);
    await r.stop();
  });

  it('looks again when asked to, and stop() cancels what is planned', async () => {
    let n = 0;
    const r = make(async () => (++n < 3 ? { requeueAfterMs: 20 } : undefined));
    r.enqueue('thing', 'y');
    await r.idle(1_000);
    expect(n).toBe(3);
    r.enqueue('thing', 'y', 60_000);
    await r.stop();
    expect(n).toBe(3);
  });
});
