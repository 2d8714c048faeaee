import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { notFound, validation } from '../../../platform/errors.ts';
import { imageVersionView } from '../views.ts';
import type { OpContext } from '../../services.ts';

export async function describeImageVersion(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeImageVersion'>,
): Promise<OperationOutput<'DescribeImageVersion'>> {
  if (input.Alias) throw validation('Image version aliases are not supported; address the version by number');
  const row = await ctx.services.db.imageVersion.findFirst({
    where: { imageName: input.ImageName, ...(input.Version !== undefined ? { version: input.Version } : {}) },
    orderBy: { version: 'desc' },
    include: { image: true },
  });
  if (!row) throw notFound(`Image ${input.ImageName} has no version ${input.Version ?? ''}`.trim());
  return imageVersionView(row);
}
