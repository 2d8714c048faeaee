import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import type { OpContext } from '../../services.ts';
import { findTaggable } from '../taggable.ts';

export async function deleteTags(
  ctx: OpContext<'arns' | 'caches' | 'db'>,
  input: OperationInput<'DeleteTags'>,
): Promise<OperationOutput<'DeleteTags'>> {
  requireAdmin(ctx.principal, 'DeleteTags', input.ResourceArn);
  const { arn } = await findTaggable(ctx, 'DeleteTags', input.ResourceArn);
  await ctx.services.db.tag.deleteMany({ where: { resourceArn: arn, key: { in: input.TagKeys } } });
  return {};
}
