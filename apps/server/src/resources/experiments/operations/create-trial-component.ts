import { randomUUID } from 'node:crypto';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { createEntity } from '../create-entity.ts';

export async function createTrialComponent(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'CreateTrialComponent'>,
): Promise<OperationOutput<'CreateTrialComponent'>> {
  const arn = ctx.services.arns.named('experiment-trial-component', input.TrialComponentName.toLowerCase());
  const { TrialComponentName, DisplayName, Tags, ...spec } = input;
  await createEntity(ctx, 'trialComponent', TrialComponentName, arn, Tags, (tx) =>
    tx.trialComponent.create({
      data: {
        id: randomUUID(),
        name: TrialComponentName,
        arn,
        ownerUserId: ctx.principal.userId,
        displayName: DisplayName ?? null,
        spec: JSON.parse(JSON.stringify(spec)),
      },
    }),
  );
  return { TrialComponentArn: arn };
}
