// The metrics an endpoint's monitoring executions published (their processing jobs' metric points:
// processing/container-metrics.ts), per metric over time, for Studio's drift charts. The caller's
// newest 500 executions of the endpoint: a year of daily runs. Each execution may publish 5,000
// points, so the newest MAX_SERIES_POINTS of them are sent (a year of daily runs of 50 features); an
// answer that left older ones out says so (Truncated).
import type { MonitoringMetricsResponse } from '@tessera/contracts';
import type { OpContext } from '../services.ts';
import { monitoringOf } from './execution-origin.ts';

const EXECUTIONS = 500;
export const MAX_SERIES_POINTS = 20_000;

export async function monitoringMetricSeries(
  ctx: OpContext<'db'>,
  endpoint: string,
): Promise<MonitoringMetricsResponse> {
  const { db } = ctx.services;
  const jobs = await db.job.findMany({
    where: {
      monitoringScheduleId: { not: null },
      status: 'Completed',
      ...(ctx.principal.isAdmin ? {} : { ownerUserId: ctx.principal.userId }),
    },
    orderBy: { createdAt: 'desc' },
    take: EXECUTIONS * 4,
    select: { id: true, name: true, origin: true },
  });
  const mine = jobs.filter((j) => monitoringOf(j)?.endpointName === endpoint).slice(0, EXECUTIONS);
  const byId = new Map(mine.map((j) => [j.id, j]));
  const newest = await db.metricPoint.findMany({
    where: { jobId: { in: [...byId.keys()] } },
    orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
    take: MAX_SERIES_POINTS + 1,
  });
  const truncated = newest.length > MAX_SERIES_POINTS;
  const points = newest.slice(0, MAX_SERIES_POINTS).reverse();
  const series = new Map<string, MonitoringMetricsResponse['Series'][number]['Points']>();
  for (const p of points) {
    const job = byId.get(p.jobId)!;
    const list = series.get(p.name) ?? [];
    list.push({
      Timestamp: p.timestamp.toISOString(),
      Value: p.value,
      MonitoringScheduleName: monitoringOf(job)!.scheduleName,
      ProcessingJobName: job.name,
    });
    series.set(p.name, list);
  }
  return {
    EndpointName: endpoint,
    Series: [...series].map(([MetricName, Points]) => ({ MetricName, Points })),
    ...(truncated ? { Truncated: true } : {}),
  };
}
