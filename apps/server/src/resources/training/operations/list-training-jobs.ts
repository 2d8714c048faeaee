import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { trainingJobSummaryView } from '../views.ts';
import { listJobs } from '../../jobs/list-jobs.ts';

export async function listTrainingJobs(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListTrainingJobs'>,
): Promise<OperationOutput<'ListTrainingJobs'>> {
  const { items, nextToken } = await listJobs(ctx, 'Training', input);
  return { TrainingJobSummaries: items.map(trainingJobSummaryView), ...(nextToken ? { NextToken: nextToken } : {}) };
}
