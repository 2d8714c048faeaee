import { describe, expect, it } from 'vitest';
import { advance } from './transitions.ts';

describe('advance', () => {
  it('closes the open transition and opens the next', () => {
    const a = advance([], 'Starting', 'Preparing', 1000);
    const b = advance(a, 'Downloading', 'Downloading input data', 2000);
    expect(b).toEqual([
      { Status: 'Starting', StartTime: 1000, EndTime: 2000, StatusMessage: 'Preparing' },
      { Status: 'Downloading', StartTime: 2000, StatusMessage: 'Downloading input data' },
    ]);
  });
  it('is idempotent for the current status and closes terminal ones at once', () => {
    const a = advance(advance([], 'Training', 'x', 1), 'Training', 'y', 2);
    expect(a).toHaveLength(1);
    const done = advance(a, 'Completed', 'done', 5);
    expect(done[1]).toEqual({ Status: 'Completed', StartTime: 5, EndTime: 5, StatusMessage: 'done' });
  });
});
