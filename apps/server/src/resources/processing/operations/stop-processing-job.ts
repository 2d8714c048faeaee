import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { ownedOr404 } from '../../jobs/access.ts';

export async function stopProcessingJob(
  ctx: OpContext<'db' | 'reconciler'>,
  input: OperationInput<'StopProcessingJob'>,
): Promise<OperationOutput<'StopProcessingJob'>> {
  const { db, reconciler } = ctx.services;
  const row = ownedOr404(
    ctx.principal,
    await db.job.findUnique({ where: { kind_name: { kind: 'Processing', name: input.ProcessingJobName } } }),
    `Requested resource not found: processing job ${input.ProcessingJobName} does not exist`,
  );
  if (!['InProgress', 'Stopping'].includes(row.status))
    throw validation(`The processing job ${input.ProcessingJobName} is ${row.status} and cannot be stopped`);
  await db.job.updateMany({ where: { id: row.id, status: 'InProgress' }, data: { desiredState: 'Stopped' } });
  reconciler.enqueue('processingJob', row.id);
  return {};
}
