import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { ownedOr404 } from '../../jobs/access.ts';

export async function stopTrainingJob(
  ctx: OpContext<'db' | 'reconciler'>,
  input: OperationInput<'StopTrainingJob'>,
): Promise<OperationOutput<'StopTrainingJob'>> {
  const { db, reconciler } = ctx.services;
  const row = ownedOr404(
    ctx.principal,
    await db.job.findUnique({ where: { kind_name: { kind: 'Training', name: input.TrainingJobName } } }),
    `Requested resource not found: training job ${input.TrainingJobName} does not exist`,
  );
  if (!['InProgress', 'Stopping'].includes(row.status))
    throw validation(`The training job ${input.TrainingJobName} is ${row.status} and cannot be stopped`);
  await db.job.updateMany({ where: { id: row.id, status: 'InProgress' }, data: { desiredState: 'Stopped' } });
  reconciler.enqueue('trainingJob', row.id);
  return {};
}
