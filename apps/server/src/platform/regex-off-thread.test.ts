import { describe, expect, it } from 'vitest';
import { matchOffThread, RegexTimeout } from './regex-off-thread.ts';
import { expandedSize, MAX_EXPANDED } from './user-regex.ts';

describe('users regexes off the server thread', () => {
  it('answers per text and per pattern with the first group, the whole match, or null', async () => {
    const { results } = await matchOffThread(
      'filter',
      ['loss=([0-9.]+)', 'ERROR'],
      ['epoch 1 loss=0.5', 'ERROR here', 'nothing'],
      5_000,
    );
    expect(results).toEqual([
      ['0.5', null],
      [null, 'ERROR'],
      [null, null],
    ]);
  });

  it('stops a batch over its time limit in the worker, while this thread runs on, then matches again', async () => {
    // Under the size limit, yet about a second per 16 KiB line on RE2 (measured).
    const slow = `(?:\\Q${'a'.repeat(150)}\\E|[^x]){0,6}z`;
    expect(expandedSize(slow)).toBeLessThanOrEqual(MAX_EXPANDED);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const started = performance.now();
    const outcome = await matchOffThread('filter', [slow], Array(20).fill('a'.repeat(16_000)), 300).catch(
      (e: unknown) => e,
    );
    clearInterval(ticker);
    const took = performance.now() - started;
    expect(outcome).toBeInstanceOf(RegexTimeout);
    expect((outcome as Error).message).toMatch(/longer than 0.3 s/);
    expect(took).toBeLessThan(2_000);
    // The thread that called it kept its timers running all along.
    expect(ticks).toBeGreaterThan(took / 5 / 4);
    expect((await matchOffThread('filter', ['b+'], ['abba'], 5_000)).results).toEqual([['bb']]);
  });
});
