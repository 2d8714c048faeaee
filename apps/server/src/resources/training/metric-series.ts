// Every series of a training job's MetricDefinitions over time (the MetricPoint rows the reconciler
// writes as it matches the job's output), for Studio's charts. DescribeTrainingJob gives only the
// last value of each (FinalMetricDataList). Visible as DescribeTrainingJob is: to the owner and admins.
import type { CreateTrainingJobRequest, JobMetricsResponse } from '@tessera/contracts';
import type { OpContext } from '../services.ts';
import { ownedOr404 } from '../jobs/access.ts';

/** Points per series per call: a chatty job can print a metric line many times a second. */
export const MAX_POINTS = 5_000;

export async function trainingMetricSeries(
  ctx: OpContext<'db'>,
  input: { TrainingJobName: string; since?: Date },
): Promise<JobMetricsResponse> {
  const { db } = ctx.services;
  const job = ownedOr404(
    ctx.principal,
    await db.job.findUnique({ where: { kind_name: { kind: 'Training', name: input.TrainingJobName } } }),
    `Requested resource not found: training job ${input.TrainingJobName} does not exist`,
  );
  // Defined metrics come first, in their order, even before they have a point; names matched
  // later (none today, but rows outlive definitions) follow.
  const defined = (
    (job.spec as unknown as CreateTrainingJobRequest).AlgorithmSpecification.MetricDefinitions ?? []
  ).map((d) => d.Name);
  const recorded = await db.metricPoint.findMany({
    where: { jobId: job.id },
    distinct: ['name'],
    select: { name: true },
  });
  const names = [...new Set([...defined, ...recorded.map((r) => r.name)])];
  const Metrics = await Promise.all(
    names.map(async (name) => {
      const rows = await db.metricPoint.findMany({
        where: { jobId: job.id, name, ...(input.since ? { timestamp: { gt: input.since } } : {}) },
        orderBy: { timestamp: 'asc' },
        take: MAX_POINTS + 1,
        select: { timestamp: true, value: true },
      });
      return {
        MetricName: name,
        Points: rows.slice(0, MAX_POINTS).map((r) => ({ Timestamp: r.timestamp.toISOString(), Value: r.value })),
        Truncated: rows.length > MAX_POINTS,
      };
    }),
  );
  return { Metrics };
}
