import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { findTuningJob } from '../lookup.ts';
import { publishTuningStatus } from '../tuning-events.ts';

// Stops the tuning job and, through its reconciler, every training job of it still running.
export async function stopHyperParameterTuningJob(
  ctx: OpContext<'db' | 'events' | 'reconciler'>,
  input: OperationInput<'StopHyperParameterTuningJob'>,
): Promise<OperationOutput<'StopHyperParameterTuningJob'>> {
  const { db, reconciler } = ctx.services;
  const t = await findTuningJob(ctx, input.HyperParameterTuningJobName);
  if (t.status !== 'InProgress' && t.status !== 'Stopping')
    throw validation(`The hyperparameter tuning job ${t.name} is ${t.status} and cannot be stopped`);
  const { count } = await db.tuningJob.updateMany({
    where: { id: t.id, status: 'InProgress' },
    data: { desiredState: 'Stopped', status: 'Stopping' },
  });
  if (count) publishTuningStatus(ctx.services, { ...t, status: 'Stopping' });
  reconciler.enqueue('tuningJob', t.id);
  return {};
}
