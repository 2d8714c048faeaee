import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { listJobRows } from '../../jobs/list-jobs.ts';
import { CHILD_COLUMNS } from '../progress.ts';
import { tuningJobSummaryView } from '../views.ts';

export async function listHyperParameterTuningJobs(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListHyperParameterTuningJobs'>,
): Promise<OperationOutput<'ListHyperParameterTuningJobs'>> {
  const { db } = ctx.services;
  const { items, nextToken } = await listJobRows(ctx, 'ListHyperParameterTuningJobs', db.tuningJob, {}, input);
  // One query for the page's training jobs, for the counters.
  const children = await db.job.findMany({
    where: { tuningJobId: { in: items.map((t) => t.id) } },
    select: { ...CHILD_COLUMNS, tuningJobId: true },
  });
  return {
    HyperParameterTuningJobSummaries: items.map((t) =>
      tuningJobSummaryView(
        t,
        children.filter((c) => c.tuningJobId === t.id),
      ),
    ),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
