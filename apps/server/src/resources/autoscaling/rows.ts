// Reading the autoscaling rows' JSON columns back into the shapes they were stored from.
import type { TargetTrackingConfiguration } from '@tessera/contracts';
import type { TargetTrackingPolicy } from './decide.ts';

export interface SuspendedState {
  DynamicScalingInSuspended?: boolean;
  DynamicScalingOutSuspended?: boolean;
  ScheduledScalingSuspended?: boolean;
}

export function suspendedOf(json: unknown): SuspendedState | undefined {
  return json && typeof json === 'object' ? (json as SuspendedState) : undefined;
}

/** The decision input of a stored target-tracking policy (undefined for any other kind). */
export function policyOfRow(row: {
  name: string;
  policyType: string;
  config: unknown;
}): TargetTrackingPolicy | undefined {
  if (row.policyType !== 'TargetTrackingScaling') return undefined;
  const c = row.config as TargetTrackingConfiguration;
  return {
    name: row.name,
    targetValue: c.TargetValue,
    ...(c.ScaleOutCooldown !== undefined ? { scaleOutCooldown: c.ScaleOutCooldown } : {}),
    ...(c.ScaleInCooldown !== undefined ? { scaleInCooldown: c.ScaleInCooldown } : {}),
    ...(c.DisableScaleIn !== undefined ? { disableScaleIn: c.DisableScaleIn } : {}),
  };
}
