import { randomUUID } from 'node:crypto';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { createEntity } from '../create-entity.ts';

export async function createExperiment(
  ctx: OpContext<'arns' | 'db' | 'events'>,
  input: OperationInput<'CreateExperiment'>,
): Promise<OperationOutput<'CreateExperiment'>> {
  const arn = ctx.services.arns.named('experiment', input.ExperimentName.toLowerCase());
  await createEntity(ctx, 'experiment', input.ExperimentName, arn, input.Tags, (tx) =>
    tx.experiment.create({
      data: {
        id: randomUUID(),
        name: input.ExperimentName,
        arn,
        ownerUserId: ctx.principal.userId,
        displayName: input.DisplayName ?? null,
        description: input.Description ?? null,
      },
    }),
  );
  // Studio's panel lists experiments: it follows this.
  ctx.services.events.publish({
    type: 'experiment.created',
    resourceArn: arn,
    detail: { name: input.ExperimentName },
    audienceUserIds: [ctx.principal.userId],
  });
  return { ExperimentArn: arn };
}
