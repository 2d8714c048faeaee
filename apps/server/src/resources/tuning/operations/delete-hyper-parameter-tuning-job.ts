import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { inUse } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import { findTuningJob } from '../lookup.ts';

// Deletes an ended tuning job; its training jobs stay (they are jobs of their own, as in SageMaker).
export async function deleteHyperParameterTuningJob(
  ctx: OpContext<'db'>,
  input: OperationInput<'DeleteHyperParameterTuningJob'>,
): Promise<OperationOutput<'DeleteHyperParameterTuningJob'>> {
  const t = await findTuningJob(ctx, input.HyperParameterTuningJobName);
  if (t.status === 'InProgress' || t.status === 'Stopping')
    throw inUse(`The hyperparameter tuning job ${t.name} is ${t.status}: stop it first (StopHyperParameterTuningJob)`);
  await writeTransaction(ctx.services.db, async (tx) => {
    await tx.tag.deleteMany({ where: { resourceArn: t.arn } });
    await tx.tuningJob.deleteMany({ where: { id: t.id, status: { in: ['Completed', 'Failed', 'Stopped'] } } });
  });
  return {};
}
