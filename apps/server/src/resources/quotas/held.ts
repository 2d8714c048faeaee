// What counts against instance quotas: the instances each user profile of a domain holds now,
// of one instance type, across apps, jobs and endpoints. An app instance is one (profile,
// instance type) pair — every KernelGateway app of a profile on the same type shares it, as in
// SageMaker — a job holds InstanceCount instances until it ends, an endpoint its variants'.
import type { Endpoint } from '@tessera/db';
import type { Fleet } from '../endpoints/fleet-shape.ts';
import { desiredOriginOf } from '../endpoints/origin.ts';
import type { Tx } from '../../platform/db/transaction.ts';

export const LIVE_APP = { desiredState: 'Present', status: { in: ['Pending', 'InService'] } };
export const LIVE_JOB = { status: { in: ['InProgress', 'Stopping'] } };
export const LIVE_ENDPOINT = { status: { notIn: ['Failed', 'Deleting'] }, desiredState: 'Present' };

export interface Holding {
  userProfileName: string;
  instances: number;
  what: string; // "KernelGateway apps", "training job nightly", "endpoint churn"
}

/** Instances of `instanceType` an endpoint config's variants ask for. */
export function configHolds(configSpec: unknown, instanceType: string): number {
  const variants =
    (configSpec as { ProductionVariants?: { InstanceType?: string; InitialInstanceCount?: number }[] } | null)
      ?.ProductionVariants ?? [];
  return variants.filter((v) => v.InstanceType === instanceType).reduce((n, v) => n + (v.InitialInstanceCount ?? 1), 0);
}

/** Instances of `instanceType` an endpoint holds (desired), from its fleet or, while Creating, its config. */
export function endpointHolds(e: Endpoint, configSpec: unknown, instanceType: string): number {
  const fleet = e.variants as unknown as Fleet | null;
  if (fleet?.variants?.length)
    return fleet.variants.filter((v) => v.instanceType === instanceType).reduce((n, v) => n + v.desiredCount, 0);
  return configHolds(configSpec, instanceType);
}

export async function holdings(tx: Tx, domainId: string, instanceType: string): Promise<Holding[]> {
  const out: Holding[] = [];
  const apps = await tx.app.findMany({
    where: { ...LIVE_APP, domainId, instanceType },
    select: { userProfileName: true },
    distinct: ['userProfileName'],
  });
  for (const a of apps)
    if (a.userProfileName) out.push({ userProfileName: a.userProfileName, instances: 1, what: 'apps' });
  const jobs = await tx.job.findMany({
    where: { ...LIVE_JOB, domainId, instanceType },
    select: { kind: true, name: true, userProfileName: true, instanceCount: true },
  });
  for (const j of jobs)
    if (j.userProfileName)
      out.push({
        userProfileName: j.userProfileName,
        instances: j.instanceCount,
        what: `${j.kind.toLowerCase()} job ${j.name}`,
      });
  const endpoints = (await tx.endpoint.findMany({ where: { ...LIVE_ENDPOINT, domainId } })).filter(
    (e) => e.userProfileName,
  );
  for (const e of endpoints) {
    // Creating: what the endpoint asked for, as copied then (a config's name may since mean another).
    const n = endpointHolds(e, desiredOriginOf(e)?.config, instanceType);
    if (n) out.push({ userProfileName: e.userProfileName!, instances: n, what: `endpoint ${e.name}` });
  }
  return out;
}
