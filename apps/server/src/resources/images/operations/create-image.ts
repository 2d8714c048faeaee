import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { inUse } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';

export async function createImage(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'CreateImage'>,
): Promise<OperationOutput<'CreateImage'>> {
  const { db, arns } = ctx.services;
  const arn = arns.image(input.ImageName);
  requireAdmin(ctx.principal, 'CreateImage', arn);
  await writeTransaction(db, async (tx) => {
    if (await tx.image.findUnique({ where: { name: input.ImageName } }))
      throw inUse(`Image ${input.ImageName} already exists`);
    await tx.image.create({
      data: {
        name: input.ImageName,
        arn,
        displayName: input.DisplayName,
        description: input.Description,
        roleArn: input.RoleArn,
        status: 'CREATED',
      },
    });
    await tx.tag.deleteMany({ where: { resourceArn: arn } });
    if (input.Tags?.length)
      await tx.tag.createMany({ data: input.Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
  });
  return { ImageArn: arn };
}
