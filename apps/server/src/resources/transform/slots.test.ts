import { describe, expect, it } from 'vitest';
import { createSlots, mapThroughSlots } from './slots.ts';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('slots', () => {
  it('keeps each instance within its limit and spreads requests over the instances', async () => {
    const slots = createSlots(['a', 'b'], 2);
    const live = new Map<string, number>();
    const peak = new Map<string, number>();
    const used: string[] = [];
    const results = await mapThroughSlots(
      Array.from({ length: 20 }, (_, i) => i),
      slots,
      async (inst, n) => {
        live.set(inst, (live.get(inst) ?? 0) + 1);
        peak.set(inst, Math.max(peak.get(inst) ?? 0, live.get(inst)!));
        used.push(inst);
        await tick();
        live.set(inst, live.get(inst)! - 1);
        return n * 2;
      },
    );
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(peak.get('a')).toBe(2);
    expect(peak.get('b')).toBe(2);
    expect(used.filter((u) => u === 'a').length).toBeGreaterThan(5);
    expect(used.filter((u) => u === 'b').length).toBeGreaterThan(5);
  });
  it('stops at the first failure, lets the requests in flight finish, and throws it', async () => {
    const slots = createSlots(['a'], 3);
    let started = 0;
    const run = mapThroughSlots(
      Array.from({ length: 50 }, (_, i) => i),
      slots,
      async (_s, n) => {
        started++;
        await tick();
        if (n === 4) throw new Error('model said no');
        return n;
      },
    );
    await expect(run).rejects.toThrow('model said no');
    expect(started).toBeLessThan(10);
    // Every slot came back.
    const again = await mapThroughSlots([1, 2, 3], slots, async (_s, n) => n);
    expect(again).toEqual([1, 2, 3]);
  });
  it('gives up waiting when aborted', async () => {
    const slots = createSlots(['a'], 1);
    await slots.acquire();
    const abort = new AbortController();
    const waiting = slots.acquire(abort.signal);
    abort.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});
