import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { ownedOrInvalid } from '../../jobs/access.ts';

// As in SageMaker, deleting a model does not touch endpoints already running it.
export async function deleteModel(
  ctx: OpContext<'arns' | 'db' | 'events'>,
  input: OperationInput<'DeleteModel'>,
): Promise<OperationOutput<'DeleteModel'>> {
  const { db, arns } = ctx.services;
  const row = ownedOrInvalid(
    ctx.principal,
    await db.model.findUnique({ where: { name: input.ModelName } }),
    `Could not find model "${arns.named('model', input.ModelName)}".`,
  );
  await db.model.delete({ where: { name: row.name } });
  await db.tag.deleteMany({ where: { resourceArn: row.arn } });
  ctx.services.events.publish({
    type: 'model.deleted',
    resourceArn: row.arn,
    detail: { name: row.name },
    audienceUserIds: row.ownerUserId ? [row.ownerUserId] : [],
  });
  return {};
}
