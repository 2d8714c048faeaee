import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { notFound } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';

export async function deleteAppImageConfig(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'DeleteAppImageConfig'>,
): Promise<OperationOutput<'DeleteAppImageConfig'>> {
  const { db, arns } = ctx.services;
  const arn = arns.appImageConfig(input.AppImageConfigName);
  requireAdmin(ctx.principal, 'DeleteAppImageConfig', arn);
  const { count } = await db.appImageConfig.deleteMany({ where: { name: input.AppImageConfigName } });
  if (!count) throw notFound(`AppImageConfig ${input.AppImageConfigName} does not exist`);
  await db.tag.deleteMany({ where: { resourceArn: arn } });
  return {};
}
