import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { notFound, validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { findTaggable } from '../taggable.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';

const MAX_TAGS = 50;

export async function addTags(
  ctx: OpContext<'arns' | 'caches' | 'db'>,
  input: OperationInput<'AddTags'>,
): Promise<OperationOutput<'AddTags'>> {
  requireAdmin(ctx.principal, 'AddTags', input.ResourceArn);
  const { arn } = await findTaggable(ctx, 'AddTags', input.ResourceArn);
  const reserved = input.Tags.find((t) => t.Key.toLowerCase().startsWith('aws:'));
  if (reserved) throw validation(`Tag keys starting with "aws:" are reserved: ${reserved.Key}`);
  const keys = new Set(input.Tags.map((t) => t.Key));
  if (keys.size !== input.Tags.length) throw validation('Tags must not repeat a key within one request');
  return writeTransaction(ctx.services.db, async (tx) => {
    // Checked again inside the transaction: tags must not outlive a resource deleted meanwhile.
    const present =
      (await tx.domain.count({ where: { arn, desiredState: 'Present' } })) +
      (await tx.userProfile.count({ where: { arn, desiredState: 'Present' } }));
    if (!present) throw notFound(`Resource ${arn} does not exist or is being deleted`);
    const existing = await tx.tag.findMany({ where: { resourceArn: arn } });
    const total = new Set([...existing.map((t) => t.key), ...keys]).size;
    if (total > MAX_TAGS) throw validation(`A resource may have at most ${MAX_TAGS} tags; ${arn} would have ${total}`);
    for (const t of input.Tags) {
      await tx.tag.upsert({
        where: { resourceArn_key: { resourceArn: arn, key: t.Key } },
        create: { resourceArn: arn, key: t.Key, value: t.Value },
        update: { value: t.Value },
      });
    }
    return { Tags: input.Tags };
  });
}
