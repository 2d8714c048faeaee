import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import { findExperiment } from '../lookup.ts';

// As SageMaker: an experiment goes once its trials are gone.
export async function deleteExperiment(
  ctx: OpContext<'db' | 'events'>,
  input: OperationInput<'DeleteExperiment'>,
): Promise<OperationOutput<'DeleteExperiment'>> {
  const e = await findExperiment(ctx.services.db, ctx.principal, input.ExperimentName);
  await writeTransaction(ctx.services.db, async (tx) => {
    const trials = await tx.trial.count({ where: { experimentId: e.id } });
    if (trials) throw validation(`Experiment ${e.name} has ${trials} trial(s); delete them first (DeleteTrial)`);
    await tx.tag.deleteMany({ where: { resourceArn: e.arn } });
    await tx.experiment.delete({ where: { id: e.id } });
  });
  // Studio's panel lists experiments: it follows this.
  ctx.services.events.publish({
    type: 'experiment.deleted',
    resourceArn: e.arn,
    detail: { name: input.ExperimentName },
    audienceUserIds: [ctx.principal.userId],
  });
  return { ExperimentArn: e.arn };
}
