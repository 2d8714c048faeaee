import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { findGroup } from '../lookup.ts';

export async function describeModelPackageGroup(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'DescribeModelPackageGroup'>,
): Promise<OperationOutput<'DescribeModelPackageGroup'>> {
  const g = await findGroup(ctx, input.ModelPackageGroupName);
  return {
    ModelPackageGroupName: g.name,
    ModelPackageGroupArn: g.arn,
    ...(g.description ? { ModelPackageGroupDescription: g.description } : {}),
    CreationTime: epochSeconds(g.createdAt),
    CreatedBy: {},
    ModelPackageGroupStatus: g.status as OperationOutput<'DescribeModelPackageGroup'>['ModelPackageGroupStatus'],
  };
}
