import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { inUse } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { json } from '../../../platform/db/json.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';

export async function createAppImageConfig(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'CreateAppImageConfig'>,
): Promise<OperationOutput<'CreateAppImageConfig'>> {
  const { db, arns } = ctx.services;
  const arn = arns.appImageConfig(input.AppImageConfigName);
  requireAdmin(ctx.principal, 'CreateAppImageConfig', arn);
  const { AppImageConfigName, Tags, ...config } = input;
  await writeTransaction(db, async (tx) => {
    if (await tx.appImageConfig.findUnique({ where: { name: AppImageConfigName } }))
      throw inUse(`AppImageConfig ${AppImageConfigName} already exists`);
    await tx.appImageConfig.create({ data: { name: AppImageConfigName, arn, config: json(config) } });
    await tx.tag.deleteMany({ where: { resourceArn: arn } });
    if (Tags?.length)
      await tx.tag.createMany({ data: Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
  });
  return { AppImageConfigArn: arn };
}
