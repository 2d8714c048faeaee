// The target-tracking decision for one endpoint variant, as a pure function of what was
// observed. Application Auto Scaling's rules, with its CloudWatch alarms replaced by the
// observation the endpoint runtime passes in:
// - capacity outside [min, max] (after RegisterScalableTarget changed them) is brought inside at
//   once, whatever the cooldowns;
// - desired = ceil(current × observed / target), clamped to [min, max];
// - scaling out is preferred: it may happen during a scale-in cooldown, and waits only for the
//   ScaleOutCooldown after the previous scale-out;
// - scaling in never happens with DisableScaleIn, and waits for ScaleInCooldown after the last
//   scaling activity of either kind (AWS waits for 15 minutes of low alarm datapoints before
//   scaling in; this is what stops a scale-in right after a scale-out here);
// - suspended dynamic scaling (SuspendedState) does nothing in that direction.

export interface TargetTrackingPolicy {
  name: string;
  /** Invocations per instance per minute to hold. */
  targetValue: number;
  /** Seconds; SageMaker's default is 300. */
  scaleOutCooldown?: number;
  scaleInCooldown?: number;
  disableScaleIn?: boolean;
}

export interface DecideInput {
  min: number;
  max: number;
  policy?: TargetTrackingPolicy;
  current: number;
  /** SageMakerVariantInvocationsPerInstance over the last window: invocations per instance per minute. */
  observed: number;
  now: number;
  /** Epoch ms of the last scaling activity in each direction. */
  lastScaleOutAt?: number;
  lastScaleInAt?: number;
  suspended?: { scaleIn?: boolean; scaleOut?: boolean };
}

export interface Decision {
  desired: number;
  /** Why (a change) or why not (no change), in the words DescribeScalingActivities shows. */
  cause: string;
}

export const DEFAULT_COOLDOWN_SECONDS = 300;

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

export function decide(input: DecideInput): Decision {
  const { min, max, current, policy, now } = input;
  if (current < min) return { desired: min, cause: `current capacity ${current} is below the minimum capacity ${min}` };
  if (current > max) return { desired: max, cause: `current capacity ${current} is above the maximum capacity ${max}` };
  if (!policy) return { desired: current, cause: 'no scaling policy' };
  if (!(policy.targetValue > 0) || !Number.isFinite(input.observed) || input.observed < 0)
    return { desired: current, cause: 'no usable metric' };

  // A tiny tolerance keeps 2 × 150 / 100 from becoming 3.0000000000000004 and rounding up to 4.
  const raw = Math.ceil((current * input.observed) / policy.targetValue - 1e-9);
  const wanted = clamp(raw, min, max);
  const metric =
    `SageMakerVariantInvocationsPerInstance ${fmt(input.observed)} vs target ${fmt(policy.targetValue)} ` +
    `(policy ${policy.name})`;

  if (wanted > current) {
    if (input.suspended?.scaleOut) return { desired: current, cause: `${metric}: scale-out is suspended` };
    const cooldown = (policy.scaleOutCooldown ?? DEFAULT_COOLDOWN_SECONDS) * 1000;
    if (input.lastScaleOutAt !== undefined && now - input.lastScaleOutAt < cooldown) {
      return { desired: current, cause: `${metric}: within the scale-out cooldown` };
    }
    return { desired: wanted, cause: `${metric} is above target: scaling out from ${current} to ${wanted}` };
  }
  if (wanted < current) {
    if (policy.disableScaleIn) return { desired: current, cause: `${metric}: scale-in is disabled` };
    if (input.suspended?.scaleIn) return { desired: current, cause: `${metric}: scale-in is suspended` };
    const cooldown = (policy.scaleInCooldown ?? DEFAULT_COOLDOWN_SECONDS) * 1000;
    const last = Math.max(input.lastScaleInAt ?? -Infinity, input.lastScaleOutAt ?? -Infinity);
    if (now - last < cooldown) return { desired: current, cause: `${metric}: within the scale-in cooldown` };
    return { desired: wanted, cause: `${metric} is below target: scaling in from ${current} to ${wanted}` };
  }
  return { desired: current, cause: `${metric}: at the desired capacity` };
}

/**
 * Several policies on one target: scale out if any policy wants more, scale in only when all
 * want less (to the largest of their counts), as Application Auto Scaling combines them.
 */
export function decideAll(input: Omit<DecideInput, 'policy'>, policies: TargetTrackingPolicy[]): Decision {
  if (policies.length === 0) return decide(input);
  const decisions = policies.map((policy) => decide({ ...input, policy }));
  return decisions.reduce((best, d) => (d.desired > best.desired ? d : best));
}
