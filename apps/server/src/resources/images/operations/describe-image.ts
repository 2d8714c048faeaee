import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { notFound } from '../../../platform/errors.ts';
import { imageView } from '../views.ts';
import type { OpContext } from '../../services.ts';

export async function describeImage(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeImage'>,
): Promise<OperationOutput<'DescribeImage'>> {
  const row = await ctx.services.db.image.findUnique({ where: { name: input.ImageName } });
  if (!row) throw notFound(`Image ${input.ImageName} does not exist`);
  return { ...imageView(row), ...(row.roleArn ? { RoleArn: row.roleArn } : {}) };
}
