import { describe, expect, it } from 'vitest';
import { payloads } from './postgres-fanout.ts';

const event = (lines: number, size: number) => ({
  type: 'log',
  resourceArn: 'arn:aws:sagemaker:us-east-1:000000000000:training-job/t',
  detail: { logStreamName: 's', events: Array.from({ length: lines }, (_, i) => ({ i, message: 'x'.repeat(size) })) },
  audienceUserIds: ['u'],
});

describe('what NOTIFY carries of an event', () => {
  it('sends a small event whole', () => {
    expect(payloads('me', event(3, 10))).toHaveLength(1);
  });

  it('splits a large batch of log lines into parts that each fit, keeping every line once, in order', () => {
    const parts = payloads('me', event(40, 700))!;
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(7_900);
    const lines = parts.flatMap((p) => JSON.parse(p).e.detail.events.map((l: { i: number }) => l.i));
    expect(lines).toEqual([...Array(40).keys()]);
    expect(parts.every((p) => JSON.parse(p).o === 'me')).toBe(true);
  });

  it('gives up on what cannot be split to fit (one line too large, or no lines)', () => {
    expect(payloads('me', event(1, 9_000))).toBeUndefined();
    expect(
      payloads('me', { type: 'x', resourceArn: 'a', detail: { blob: 'y'.repeat(9_000) }, audienceUserIds: [] }),
    ).toBeUndefined();
  });
});
