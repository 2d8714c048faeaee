import type { ModelPackageGroup } from '@tessera/db';
import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { listNamed } from '../../common/list-named.ts';

export async function listModelPackageGroups(
  ctx: OpContext<'db'>,
  input: OperationInput<'ListModelPackageGroups'>,
): Promise<OperationOutput<'ListModelPackageGroups'>> {
  // Groups of other accounts (CrossAccount) do not exist here: every group is this installation's.
  const { CrossAccountFilterOption: _sameAccountOnly, ...rest } = input;
  const { items, nextToken } = await listNamed(ctx, 'modelPackageGroup', rest);
  return {
    ModelPackageGroupSummaryList: (items as ModelPackageGroup[]).map((g) => ({
      ModelPackageGroupName: g.name,
      ModelPackageGroupArn: g.arn,
      ...(g.description ? { ModelPackageGroupDescription: g.description } : {}),
      CreationTime: epochSeconds(g.createdAt),
      ModelPackageGroupStatus: g.status,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
