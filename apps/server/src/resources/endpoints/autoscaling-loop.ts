// Drives endpoint autoscaling: once per window, SageMakerVariantInvocationsPerInstance (the
// routers' invocation counts, per instance, per minute) goes to the autoscaler for every variant
// with a scalable target, and a changed count is applied as UpdateEndpointWeightsAndCapacities
// would apply it. The window is TESSERA_AUTOSCALING_INTERVAL_SECONDS (60 s, CloudWatch's period),
// aligned to the clock. Every server adds its router's counts to the database a few times a
// window (invocation-windows.ts); once a window has ended and every server has added its share,
// the first server to claim it evaluates it on the sum.
import type { Autoscaler } from '../autoscaling/autoscaler.ts';
import { ApiError } from '../../platform/errors.ts';
import { checkEndpointQuota, endpointDelta } from '../quotas/endpoint-claims.ts';
import { writeTransaction } from '../../platform/db/transaction.ts';
import type { Services } from '../services.ts';
import type { Fleet } from './fleet-shape.ts';
import { describeFleetChange, recordHistory } from './history.ts';
import { addCounts, claimWindow, countsOf, windowStartOf } from './invocation-windows.ts';
import type { Router } from './router.ts';

export function startAutoscaling(
  s: Pick<Services, 'db' | 'logger' | 'reconciler'> & { autoscaler: Autoscaler; router: Router },
  intervalSeconds: number,
): () => void {
  if (intervalSeconds <= 0) return () => undefined;
  const intervalMs = intervalSeconds * 1000;
  const flushMs = Math.min(5_000, Math.max(250, intervalMs / 4));
  let running = false;
  let lastFlush = Date.now();
  // The window this server started in is not whole: its first is the next.
  let evaluated = windowStartOf(Date.now(), intervalMs).getTime() + intervalMs;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Counts since the last flush go to the window of the middle of that span.
      const now = Date.now();
      const taken = s.router.takeCounts();
      try {
        await addCounts(s.db, taken, windowStartOf((lastFlush + now) / 2, intervalMs));
        lastFlush = now;
      } catch (err) {
        s.router.restoreCounts(taken); // counted again next time, not lost
        throw err;
      }
      // The window before this one, once every server has flushed twice since it ended.
      const due = windowStartOf(now - 2 * flushMs, intervalMs).getTime() - intervalMs;
      if (due < evaluated) return;
      evaluated = due + intervalMs;
      if (!(await claimWindow(s.db, new Date(due)))) return;
      const counts = await countsOf(s.db, new Date(due), intervalMs);
      const targets = await s.db.scalableTarget.findMany({
        where: { serviceNamespace: 'sagemaker' },
        select: { resourceId: true, ownerUserId: true },
      });
      for (const { resourceId, ownerUserId } of targets) {
        const m = /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(resourceId);
        if (!m) continue;
        const [, endpointName, variantName] = m as unknown as [string, string, string];
        const e = await s.db.endpoint.findUnique({ where: { name: endpointName } });
        if (!e || e.status !== 'InService' || e.desiredState === 'Deleted') continue;
        // A target scales only the endpoint of its own owner: one left behind by an earlier endpoint
        // of this name (deleting an endpoint removes its targets) must not scale someone else's.
        if (ownerUserId !== e.ownerUserId) {
          s.logger.warn({ resourceId, endpoint: endpointName }, 'scalable target and endpoint owners differ; ignored');
          continue;
        }
        const fleet = e.variants as unknown as Fleet | null;
        const variant = fleet?.variants.find((v) => v.name === variantName);
        if (!fleet || !variant || !variant.instances.length) continue;
        const perInstancePerMinute =
          (counts.get(`${endpointName}\0${variantName}`) ?? 0) / variant.instances.length / (intervalSeconds / 60);
        const desired = await s.autoscaler.evaluate(
          endpointName,
          variantName,
          variant.instances.length,
          perInstancePerMinute,
        );
        if (desired === variant.instances.length) continue;
        const next: Fleet = {
          ...fleet,
          variants: fleet.variants.map((v) => (v.name === variantName ? { ...v, desiredCount: desired } : v)),
        };
        // Scaling out takes instances like any other request, asked by the endpoint's owner: the
        // quota can refuse it, and so can the rule that only admins launch outside every profile.
        const owner = e.ownerUserId
          ? await s.db.user.findUnique({ where: { id: e.ownerUserId }, select: { isAdmin: true } })
          : null;
        const { count } = await writeTransaction(s.db, async (tx) => {
          await checkEndpointQuota(
            tx,
            e,
            endpointDelta(e, null, { endpoint: { ...e, variants: next as never } }),
            `autoscaling of endpoint ${endpointName}`,
            { isAdmin: owner?.isAdmin ?? false },
            `endpoint ${endpointName} counts against none`,
          );
          const updated = await tx.endpoint.updateMany({
            where: { name: endpointName, status: 'InService' },
            data: { variants: next as never, status: 'Updating' },
          });
          if (updated.count && describeFleetChange(fleet, next))
            await recordHistory(tx, endpointName, {
              status: 'Updating',
              configName: e.configName,
              change: `${describeFleetChange(fleet, next)} (autoscaling)`,
            });
          return updated;
        }).catch((err) => {
          if (!(err instanceof ApiError)) throw err;
          s.logger.warn(
            { endpoint: endpointName, variant: variantName, reason: err.message },
            'autoscaling refused by quota',
          );
          return { count: 0 };
        });
        if (count) s.reconciler.enqueue('endpoint', endpointName);
      }
    } catch (err) {
      s.logger.warn({ err }, 'autoscaling evaluation failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), flushMs);
  timer.unref();
  return () => clearInterval(timer);
}
