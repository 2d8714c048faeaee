import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { ownedOr404 } from '../../jobs/access.ts';
import { publishJobStatus } from '../../jobs/job-events.ts';

export async function stopTransformJob(
  ctx: OpContext<'db' | 'events' | 'reconciler'>,
  input: OperationInput<'StopTransformJob'>,
): Promise<OperationOutput<'StopTransformJob'>> {
  const { db, reconciler } = ctx.services;
  const row = ownedOr404(
    ctx.principal,
    await db.job.findUnique({ where: { kind_name: { kind: 'Transform', name: input.TransformJobName } } }),
    `Could not find job to stop: transform job ${input.TransformJobName} does not exist`,
  );
  if (!['InProgress', 'Stopping'].includes(row.status))
    throw validation(`The transform job ${input.TransformJobName} is ${row.status} and cannot be stopped`);
  // Stopping at once, as SageMaker answers; the reconciler takes the containers down.
  const { count } = await db.job.updateMany({
    where: { id: row.id, status: 'InProgress' },
    data: { desiredState: 'Stopped', status: 'Stopping' },
  });
  if (count) publishJobStatus(ctx.services, row, 'Stopping');
  reconciler.enqueue('transformJob', row.id);
  return {};
}
