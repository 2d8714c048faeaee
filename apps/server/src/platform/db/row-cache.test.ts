import { describe, expect, it } from 'vitest';
import { createRowCache } from './row-cache.ts';

describe('row cache', () => {
  it('serves hits until the TTL, then loads again', async () => {
    let now = 0;
    let loads = 0;
    const c = createRowCache<number>({ ttlMs: 1000, max: 10, now: () => now });
    const load = async () => ++loads;
    expect(await c.get('a', load)).toBe(1);
    expect(await c.get('a', load)).toBe(1);
    now = 1001;
    expect(await c.get('a', load)).toBe(2);
  });

  it('does not store a load that raced with an invalidation', async () => {
    const c = createRowCache<string>({ ttlMs: 60_000, max: 10 });
    let release!: (v: string) => void;
    const slow = c.get('k', () => new Promise((r) => (release = r)));
    c.invalidateAll(); // a write lands while the old row is being read
    release('old');
    expect(await slow).toBe('old');
    expect(await c.get('k', async () => 'new')).toBe('new');
  });

  it('never caches a miss', async () => {
    const c = createRowCache<string>({ ttlMs: 60_000, max: 10 });
    expect(await c.get('k', async () => null)).toBeNull();
    expect(await c.get('k', async () => 'created')).toBe('created');
  });
});
