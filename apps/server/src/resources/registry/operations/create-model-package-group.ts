import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { counterKey } from '../lookup.ts';

export async function createModelPackageGroup(
  ctx: OpContext<'arns' | 'db' | 'events'>,
  input: OperationInput<'CreateModelPackageGroup'>,
): Promise<OperationOutput<'CreateModelPackageGroup'>> {
  const { db, arns } = ctx.services;
  const arn = arns.named('model-package-group', input.ModelPackageGroupName);
  const exists = () => validation(`Model Package Group already exists: ${arn}`);
  // One group per name case-insensitively, as its ARN is: two names that differ only in case
  // would share one ARN (and so its versions' ARNs).
  if (await db.modelPackageGroup.findUnique({ where: { arn } })) throw exists();
  const kept = await db.setting.findUnique({ where: { key: counterKey(arn) } });
  await db
    .$transaction([
      db.tag.deleteMany({ where: { resourceArn: arn } }),
      db.modelPackageGroup.create({
        data: {
          nextVersion: Number(kept?.value ?? 1),
          name: input.ModelPackageGroupName,
          arn,
          ownerUserId: ctx.principal.userId,
          description: input.ModelPackageGroupDescription ?? null,
          status: 'Completed',
        },
      }),
      db.tag.createMany({
        data: (input.Tags ?? []).map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })),
      }),
    ])
    .catch((err) => {
      throw (err as { code?: string }).code === 'P2002' ? exists() : err;
    });
  ctx.services.events.publish({
    type: 'modelPackageGroup.created',
    resourceArn: arn,
    detail: { name: input.ModelPackageGroupName },
    audienceUserIds: [ctx.principal.userId],
  });
  return { ModelPackageGroupArn: arn };
}
