// The usage meter: one UsageRecord per instance while it runs (endedAt null), closed when it
// stops. Level-based like the reconcilers: `sync` compares what a row says is running with the
// open records and opens or closes the difference, so calling it again, or after a crash, is
// always safe. It runs after every reconcile step of apps, jobs and endpoints (app.ts wraps
// those reconcilers), so no reconciler has to remember to meter.
import type { Db } from '@tessera/db';
import { newId } from '../../platform/identity/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Arns } from '../../platform/arns.ts';
import {
  appInstanceKey,
  appInstances,
  parseAppInstanceKey,
  endpointInstances,
  JOB_USAGE_KIND,
  jobInstances,
  type LiveInstance,
  type UsageKind,
} from './live-instances.ts';

export interface Subject {
  resourceArn: string;
  resourceKind: UsageKind;
  resourceName: string;
  userId: string | null;
  domainId: string | null;
  userProfileName: string | null;
}

export interface Meter {
  /** Brings the records of a reconciled row (kind as the reconciler names it) in line with it. */
  sync(reconcilerKind: string, id: string): Promise<void>;
  /** Closes every open record whose row is gone or no longer running (at start, then now and then). */
  syncAll(): Promise<void>;
}

export const METERED_KINDS = ['app', 'trainingJob', 'processingJob', 'transformJob', 'endpoint'] as const;

export function createMeter(deps: { db: Db; arns: Arns; logger: Logger; now?: () => Date }): Meter {
  const { db, arns, logger } = deps;
  const now = deps.now ?? (() => new Date());

  /** Opens records for instances not yet metered and closes the ones that stopped. */
  async function apply(subject: Pick<Subject, 'resourceArn'> & Partial<Subject>, live: LiveInstance[], endedAt: Date) {
    const open = await db.usageRecord.findMany({ where: { resourceArn: subject.resourceArn, endedAt: null } });
    const running = new Map(live.map((i) => [i.instance, i]));
    const gone = open.filter((r) => running.get(r.instance)?.instanceType !== r.instanceType);
    if (gone.length) {
      // Never before the start: a record opened at "now" for an instance whose row later says it ended earlier.
      for (const r of gone)
        await db.usageRecord.update({
          where: { id: r.id },
          data: { endedAt: endedAt < r.startedAt ? r.startedAt : endedAt, openKey: null },
        });
    }
    const metered = new Set(open.filter((r) => !gone.includes(r)).map((r) => r.instance));
    const fresh = live.filter((i) => !metered.has(i.instance));
    if (!fresh.length) return;
    const at = now();
    for (const i of fresh) {
      try {
        await db.usageRecord.create({
          data: {
            id: newId(),
            resourceArn: subject.resourceArn,
            resourceKind: subject.resourceKind!,
            resourceName: subject.resourceName ?? '',
            instance: i.instance,
            userId: subject.userId ?? null,
            domainId: subject.domainId ?? null,
            userProfileName: subject.userProfileName ?? null,
            instanceType: i.instanceType,
            startedAt: i.since && i.since < at ? i.since : at,
            openKey: `${subject.resourceArn}#${i.instance}`,
          },
        });
      } catch (err) {
        // Another server opened it a moment ago: one record per open instance.
        if ((err as { code?: string }).code !== 'P2002') throw err;
      }
    }
  }

  /**
   * Apps are billed by instance, as SageMaker Studio bills them: a profile's apps on one instance
   * type share one instance (and one envelope of its CPU and memory), which runs while any of them
   * does. Its records are keyed by the instance, not by any one app.
   */
  async function syncAppInstance(domainId: string, userProfileName: string, instanceType: string) {
    const key = appInstanceKey(domainId, userProfileName, instanceType);
    const [apps, profile] = await Promise.all([
      db.app.findMany({ where: { domainId, userProfileName, instanceType } }),
      db.userProfile.findUnique({
        where: { domainId_name: { domainId, name: userProfileName } },
        select: { ownerUserId: true },
      }),
    ]);
    const subject = {
      resourceArn: key,
      resourceKind: 'App' as const,
      resourceName: `${userProfileName}/${instanceType}`,
      userId: profile?.ownerUserId ?? null,
      domainId,
      userProfileName,
    };
    await apply(subject, appInstances(apps), now());
  }

  async function syncApp(id: string) {
    const app = await db.app.findUnique({ where: { id } });
    if (!app?.userProfileName) return;
    await syncAppInstance(app.domainId, app.userProfileName, app.instanceType);
  }

  async function syncJob(id: string) {
    const job = await db.job.findUnique({ where: { id } });
    if (!job) return;
    const subject = {
      resourceArn: job.arn,
      resourceKind: JOB_USAGE_KIND[job.kind]!,
      resourceName: job.name,
      userId: job.ownerUserId,
      domainId: job.domainId,
      userProfileName: job.userProfileName,
    };
    await apply(subject, jobInstances(job), job.endedAt ?? now());
  }

  async function syncEndpoint(name: string) {
    const e = await db.endpoint.findUnique({ where: { name } });
    // deleted: its instances are stopped
    if (!e) return apply({ resourceArn: arns.named('endpoint', name) }, [], now());
    const subject = {
      resourceArn: e.arn,
      resourceKind: 'Endpoint' as const,
      resourceName: e.name,
      userId: e.ownerUserId,
      domainId: e.domainId,
      userProfileName: e.userProfileName,
    };
    await apply(subject, endpointInstances(e), now());
  }

  const byKind: Record<string, (id: string) => Promise<void>> = {
    app: syncApp,
    trainingJob: syncJob,
    processingJob: syncJob,
    transformJob: syncJob,
    endpoint: syncEndpoint,
  };

  return {
    async sync(kind, id) {
      try {
        await byKind[kind]?.(id);
      } catch (err) {
        // Metering must never fail the work itself; the next step of the same row retries it.
        logger.warn({ err, kind, id }, 'usage meter could not record');
      }
    },
    async syncAll() {
      const open = await db.usageRecord.findMany({
        where: { endedAt: null },
        select: { resourceArn: true, resourceKind: true, resourceName: true },
        distinct: ['resourceArn'],
      });
      for (const r of open) {
        try {
          if (r.resourceKind === 'Endpoint') {
            await syncEndpoint(r.resourceName);
            continue;
          }
          const instance = r.resourceKind === 'App' ? parseAppInstanceKey(r.resourceArn) : undefined;
          if (instance) {
            await syncAppInstance(instance.domainId, instance.userProfileName, instance.instanceType);
            continue;
          }
          const row = await db.job.findUnique({ where: { arn: r.resourceArn }, select: { id: true } });
          // A row that is gone (its domain deleted, say), or an app's record from before apps were
          // billed by instance, runs nothing any more.
          if (!row) await apply({ resourceArn: r.resourceArn }, [], now());
          else await syncJob(row.id);
        } catch (err) {
          logger.warn({ err, resourceArn: r.resourceArn }, 'usage meter could not reconcile an open record');
        }
      }
    },
  };
}
