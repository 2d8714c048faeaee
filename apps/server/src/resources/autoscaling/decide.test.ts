import { describe, expect, it } from 'vitest';
import { decide, decideAll, type DecideInput, type TargetTrackingPolicy } from './decide.ts';

const policy: TargetTrackingPolicy = { name: 'ipi', targetValue: 100, scaleOutCooldown: 60, scaleInCooldown: 300 };
const base: DecideInput = { min: 1, max: 6, current: 2, observed: 100, now: 1_000_000, policy };
const at = (over: Partial<DecideInput>) => decide({ ...base, ...over });

describe('decide: target tracking for an endpoint variant', () => {
  it('holds capacity at the target', () => {
    expect(at({})).toEqual({ desired: 2, cause: expect.stringMatching(/at the desired capacity/) });
  });

  it('scales out to ceil(current × observed / target), within max', () => {
    const out = at({ observed: 150 });
    expect(out.desired).toBe(3);
    expect(out.cause).toMatch(
      new RegExp(
        'SageMakerVariantInvocationsPerInstance 150 vs target 100 \\(policy ipi\\) is above target: ' +
          'scaling out from 2 to 3',
      ),
    );
    expect(at({ observed: 101 }).desired).toBe(3);
    expect(at({ observed: 1000 }).desired).toBe(6);
  });

  it('does not round exact products up', () => {
    expect(at({ current: 3, observed: 70, policy: { ...policy, targetValue: 70 } }).desired).toBe(3);
    expect(at({ current: 10, max: 20, observed: 30, policy: { ...policy, targetValue: 10 } }).desired).toBe(20);
  });

  it('scales in after the scale-in cooldown, counted from the last scaling of either kind, never below min', () => {
    expect(at({ observed: 10, lastScaleInAt: base.now - 301_000 }).desired).toBe(1);
    expect(at({ current: 4, observed: 40, min: 2 }).desired).toBe(2);
    const cooling = at({ observed: 10, lastScaleInAt: base.now - 299_000 });
    expect(cooling).toEqual({ desired: 2, cause: expect.stringMatching(/within the scale-in cooldown/) });
    expect(at({ observed: 10, lastScaleOutAt: base.now - 10_000 }).desired).toBe(2);
  });

  it('prefers scaling out: a scale-in cooldown does not hold it back, only the scale-out cooldown does', () => {
    expect(at({ observed: 200, lastScaleInAt: base.now - 1_000 }).desired).toBe(4);
    expect(at({ observed: 200, lastScaleOutAt: base.now - 59_000 })).toEqual({
      desired: 2,
      cause: expect.stringMatching(/within the scale-out cooldown/),
    });
    expect(at({ observed: 200, lastScaleOutAt: base.now - 60_000 }).desired).toBe(4);
  });

  it('uses 300 s cooldowns by default', () => {
    const p = { name: 'p', targetValue: 100 };
    expect(at({ policy: p, observed: 200, lastScaleOutAt: base.now - 299_000 }).desired).toBe(2);
    expect(at({ policy: p, observed: 200, lastScaleOutAt: base.now - 300_000 }).desired).toBe(4);
  });

  it(
    'never scales in with DisableScaleIn or while scale-in is suspended; ' + 'never out while scale-out is suspended',
    () => {
      expect(at({ observed: 0, policy: { ...policy, disableScaleIn: true } }).cause).toMatch(/scale-in is disabled/);
      expect(at({ observed: 0, suspended: { scaleIn: true } }).desired).toBe(2);
      expect(at({ observed: 500, suspended: { scaleOut: true } })).toEqual({
        desired: 2,
        cause: expect.stringMatching(/scale-out is suspended/),
      });
    },
  );

  it('brings capacity into [min, max] at once, cooldowns or not, policy or not', () => {
    expect(at({ current: 1, min: 3, lastScaleOutAt: base.now })).toEqual({
      desired: 3,
      cause: 'current capacity 1 is below the minimum capacity 3',
    });
    expect(at({ current: 9, policy: undefined }).desired).toBe(6);
    expect(at({ policy: undefined, observed: 1000 })).toEqual({ desired: 2, cause: 'no scaling policy' });
  });

  it('ignores an unusable observation', () => {
    expect(at({ observed: Number.NaN }).desired).toBe(2);
    expect(at({ observed: -1 }).desired).toBe(2);
  });
});

describe('decideAll: several policies on one target', () => {
  const strict = { ...policy, name: 'strict', targetValue: 50 };
  it('scales out when any policy wants to, to the largest count', () => {
    expect(decideAll({ ...base, observed: 90 }, [policy, strict]).desired).toBe(4);
  });
  it('scales in only when every policy wants to', () => {
    const quiet = { ...base, observed: 40, lastScaleInAt: 0 };
    expect(decideAll(quiet, [policy, strict]).desired).toBe(2);
    expect(decideAll({ ...quiet, observed: 20 }, [policy, strict]).desired).toBe(1);
  });
});
