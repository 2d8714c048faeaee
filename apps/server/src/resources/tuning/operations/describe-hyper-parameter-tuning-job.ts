import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { childrenOf, findTuningJob, parentsBest } from '../lookup.ts';
import { describeTuningJobView } from '../views.ts';

export async function describeHyperParameterTuningJob(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeHyperParameterTuningJob'>,
): Promise<OperationOutput<'DescribeHyperParameterTuningJob'>> {
  const t = await findTuningJob(ctx, input.HyperParameterTuningJobName);
  const { db } = ctx.services;
  return describeTuningJobView(t, await childrenOf(db, t), await parentsBest(db, t));
}
