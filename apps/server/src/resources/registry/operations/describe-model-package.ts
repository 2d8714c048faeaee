import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { findPackage } from '../lookup.ts';
import { describePackage } from '../views.ts';

export async function describeModelPackage(
  ctx: OpContext<'db'>,
  input: OperationInput<'DescribeModelPackage'>,
): Promise<OperationOutput<'DescribeModelPackage'>> {
  return describePackage(await findPackage(ctx, input.ModelPackageName));
}
