import { randomUUID } from 'node:crypto';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { createEntity } from '../create-entity.ts';
import { findExperiment } from '../lookup.ts';

export async function createTrial(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'CreateTrial'>,
): Promise<OperationOutput<'CreateTrial'>> {
  const arn = ctx.services.arns.named('experiment-trial', input.TrialName.toLowerCase());
  await createEntity(ctx, 'trial', input.TrialName, arn, input.Tags, async (tx) => {
    const experiment = await findExperiment(tx, ctx.principal, input.ExperimentName);
    await tx.trial.create({
      data: {
        id: randomUUID(),
        name: input.TrialName,
        arn,
        // The experiment's owner's (an administrator may add to a user's): deletable by them.
        ownerUserId: experiment.ownerUserId,
        experimentId: experiment.id,
        displayName: input.DisplayName ?? null,
        ...(input.MetadataProperties ? { metadata: input.MetadataProperties } : {}),
      },
    });
  });
  return { TrialArn: arn };
}
