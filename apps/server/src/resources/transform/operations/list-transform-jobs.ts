import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { listJobs } from '../../jobs/list-jobs.ts';
import { transformJobSummaryView } from '../views.ts';

export async function listTransformJobs(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListTransformJobs'>,
): Promise<OperationOutput<'ListTransformJobs'>> {
  const { items, nextToken } = await listJobs(ctx, 'Transform', input);
  return { TransformJobSummaries: items.map(transformJobSummaryView), ...(nextToken ? { NextToken: nextToken } : {}) };
}
