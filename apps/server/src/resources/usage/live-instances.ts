// What is running, and so billed, for one resource row: the metered instances it holds now.
// Read from the row the reconciler keeps, not from the backend, so the meter needs no engine
// and agrees with what DescribeX says.
import type { App, Endpoint, Job } from '@tessera/db';
import type { Fleet } from '../endpoints/fleet-shape.ts';

export type UsageKind = 'App' | 'TrainingJob' | 'ProcessingJob' | 'TransformJob' | 'Endpoint';

export interface LiveInstance {
  /** Tells the instances of one resource apart: `app`, `algo-2`, an endpoint instance's id. */
  instance: string;
  instanceType: string;
  /** When it began to run, when the row knows; otherwise the meter uses the time it first sees it. */
  since?: Date;
}

/** An app holds its instance from the moment one was started until it is deleted or fails. */
/** The instance a profile's apps on one instance type share: while any of them runs, it does. */
export function appInstances(apps: App[]): LiveInstance[] {
  const starts = apps
    .filter((a) => a.desiredState === 'Present' && ['Pending', 'InService'].includes(a.status))
    .map((a) => (a.backendState as { startedAt?: number } | null)?.startedAt)
    .filter((t): t is number => typeof t === 'number');
  if (!starts.length) return [];
  return [{ instance: 'instance', instanceType: apps[0]!.instanceType, since: new Date(Math.min(...starts)) }];
}

/** What an app instance's usage records are keyed by (their resourceArn column). */
export const appInstanceKey = (domainId: string, userProfileName: string, instanceType: string) =>
  `app-instance/${domainId}/${userProfileName}/${instanceType}`;

export function parseAppInstanceKey(
  key: string,
): { domainId: string; userProfileName: string; instanceType: string } | undefined {
  const m = /^app-instance\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(key);
  return m ? { domainId: m[1]!, userProfileName: m[2]!, instanceType: m[3]! } : undefined;
}

/** A job is billed from the start of its containers (startedAt) to its end, on every instance. */
export function jobInstances(job: Job): LiveInstance[] {
  if (!job.startedAt || job.endedAt || !job.instanceType) return [];
  return Array.from({ length: job.instanceCount }, (_, i) => ({
    instance: `algo-${i + 1}`,
    instanceType: job.instanceType!,
    since: job.startedAt!,
  }));
}

/**
 * An endpoint's serving fleet and, during an update or a scale-out, the fleet being started
 * beside it: both run (and are billed) until the old one is stopped.
 */
export function endpointInstances(e: Endpoint): LiveInstance[] {
  if (e.status === 'Failed') return []; // a failed fleet has been stopped; a Deleting one runs until the row goes
  const fleets = [
    e.variants as unknown as Fleet | null,
    (e.backendState as unknown as { fleet?: Fleet } | null)?.fleet,
  ];
  return fleets.flatMap((f) =>
    (f?.variants ?? []).flatMap((v) => v.instances.map((i) => ({ instance: i.id, instanceType: v.instanceType }))),
  );
}

export const JOB_USAGE_KIND: Record<string, UsageKind> = {
  Training: 'TrainingJob',
  Processing: 'ProcessingJob',
  Transform: 'TransformJob',
};
