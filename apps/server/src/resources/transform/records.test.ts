import { describe, expect, it } from 'vitest';
import { batchRecords, RecordTooLargeError, splitRecords } from './records.ts';

const text = (bs: Buffer[]) => bs.map((b) => b.toString());

describe('splitRecords', () => {
  it('makes every non-empty line a record, without its line ending', () => {
    expect(text(splitRecords(Buffer.from('1,2\r\n3,4\n\n5,6'), 'Line'))).toEqual(['1,2', '3,4', '5,6']);
    expect(text(splitRecords(Buffer.from('a\n'), 'Line'))).toEqual(['a']);
    expect(splitRecords(Buffer.alloc(0), 'Line')).toEqual([]);
  });
  it('keeps the whole object as one record with SplitType None, bytes untouched', () => {
    const png = Buffer.from([0x89, 0x50, 0x0a, 0x0d, 0x00]);
    expect(splitRecords(png, 'None')).toEqual([png]);
  });
});

describe('batchRecords', () => {
  const records = ['aaa', 'bb', 'cccc', 'd'].map((s) => Buffer.from(s));
  it('sends one newline-terminated record per request with SingleRecord', () => {
    const b = batchRecords(records, { split: 'Line', strategy: 'SingleRecord', maxBytes: 100 });
    expect(b.map((x) => [x.first, x.count, x.payload.toString()])).toEqual([
      [0, 1, 'aaa\n'],
      [1, 1, 'bb\n'],
      [2, 1, 'cccc\n'],
      [3, 1, 'd\n'],
    ]);
  });
  it('packs as many whole records as fit with MultiRecord, in order', () => {
    const b = batchRecords(records, { split: 'Line', strategy: 'MultiRecord', maxBytes: 8 });
    // 'aaa\nbb\n' is 7 bytes; adding 'cccc\n' would make 12.
    expect(b.map((x) => [x.first, x.count, x.payload.toString()])).toEqual([
      [0, 2, 'aaa\nbb\n'],
      [2, 2, 'cccc\nd\n'],
    ]);
    const one = batchRecords(records, { split: 'Line', strategy: 'MultiRecord', maxBytes: 6 * 2 ** 20 });
    expect(one).toHaveLength(1);
    expect(one[0]!.payload.toString()).toBe('aaa\nbb\ncccc\nd\n');
  });
  it('fails on a record larger than the limit on its own, naming it', () => {
    expect(() => batchRecords(records, { split: 'Line', strategy: 'MultiRecord', maxBytes: 4 })).toThrow(
      RecordTooLargeError,
    );
    try {
      batchRecords(records, { split: 'Line', strategy: 'SingleRecord', maxBytes: 4 });
    } catch (e) {
      expect((e as RecordTooLargeError).index).toBe(2);
      expect((e as Error).message).toMatch(/record 3 is 5 bytes/);
    }
  });
  it('sends a whole object unterminated with SplitType None', () => {
    const b = batchRecords([Buffer.from('x\ny')], { split: 'None', strategy: 'MultiRecord', maxBytes: 3 });
    expect(b[0]!.payload.toString()).toBe('x\ny');
  });
});
