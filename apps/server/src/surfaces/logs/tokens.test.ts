import { describe, expect, it } from 'vitest';
import { ApiError } from '../../platform/errors.ts';
import { decodeEventsToken, decodeListToken, encodeListToken, eventsToken } from './tokens.ts';

describe('GetLogEvents tokens', () => {
  it('are deterministic, so a read that finds nothing new hands back the token it was given', () => {
    const t = eventsToken('forward', 1234, '/aws/sagemaker/TrainingJobs', 'job/algo-1');
    expect(t).toBe(eventsToken('forward', 1234, '/aws/sagemaker/TrainingJobs', 'job/algo-1'));
    expect(t).toMatch(/^f\/00000000000000001234\/[\w-]{12}$/);
    expect(decodeEventsToken(t, '/aws/sagemaker/TrainingJobs', 'job/algo-1')).toEqual({
      position: 1234,
      direction: 'forward',
    });
    const b = eventsToken('backward', 0, 'g', 's');
    expect(decodeEventsToken(b, 'g', 's')).toEqual({ position: 0, direction: 'backward' });
  });

  it('belong to one stream and refuse anything else as InvalidParameterException', () => {
    const t = eventsToken('forward', 10, 'g', 's');
    for (const [token, group, stream] of [
      [t, 'g', 'other'],
      [t, 'other', 's'],
      ['f/10/abc', 'g', 's'],
      ['', 'g', 's'],
      ['x' + t, 'g', 's'],
    ]) {
      const err = (() => {
        try {
          decodeEventsToken(token!, group!, stream!);
        } catch (e) {
          return e;
        }
      })() as ApiError;
      expect(err, token).toBeInstanceOf(ApiError);
      expect(err.code).toBe('InvalidParameterException');
    }
  });
});

describe('listing tokens', () => {
  const isString = (a: unknown): a is string => typeof a === 'string';
  it('round-trip within the same request scope only', () => {
    const scope = { op: 'DescribeLogGroups', u: 'alice', p: '/aws/' };
    const token = encodeListToken(scope, '/aws/x');
    expect(decodeListToken(token, scope, isString)).toBe('/aws/x');
    expect(decodeListToken(undefined, scope, isString)).toBeUndefined();
    expect(() => decodeListToken(token, { ...scope, u: 'bob' }, isString)).toThrow(/nextToken is invalid/);
    expect(() => decodeListToken(encodeListToken(scope, 42), scope, isString)).toThrow(/nextToken is invalid/);
    expect(() => decodeListToken('%%%', scope, isString)).toThrow(/nextToken is invalid/);
  });
});
