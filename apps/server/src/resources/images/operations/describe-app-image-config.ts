import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { notFound } from '../../../platform/errors.ts';
import { appImageConfigView } from '../views.ts';
import type { OpContext } from '../../services.ts';

export async function describeAppImageConfig(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeAppImageConfig'>,
): Promise<OperationOutput<'DescribeAppImageConfig'>> {
  const row = await ctx.services.db.appImageConfig.findUnique({ where: { name: input.AppImageConfigName } });
  if (!row) throw notFound(`AppImageConfig ${input.AppImageConfigName} does not exist`);
  return appImageConfigView(row);
}
