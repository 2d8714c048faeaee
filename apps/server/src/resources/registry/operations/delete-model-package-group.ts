import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';
import { counterKey, findGroup } from '../lookup.ts';

// A group goes only once it is empty, so no version is left without its group; its counter stays.
export async function deleteModelPackageGroup(
  ctx: OpContext<'arns' | 'db' | 'events'>,
  input: OperationInput<'DeleteModelPackageGroup'>,
): Promise<OperationOutput<'DeleteModelPackageGroup'>> {
  const g = await findGroup(ctx, input.ModelPackageGroupName);
  await writeTransaction(ctx.services.db, async (tx) => {
    const versions = await tx.modelPackage.count({ where: { groupName: g.name } });
    if (versions)
      throw validation(
        `Model Package Group ${g.arn} cannot be deleted: it holds ${versions} model package version(s); ` +
          'delete them first (DeleteModelPackage)',
      );
    await tx.tag.deleteMany({ where: { resourceArn: g.arn } });
    const gone = await tx.modelPackageGroup.delete({ where: { name: g.name } });
    const value = String(gone.nextVersion);
    await tx.setting.upsert({
      where: { key: counterKey(g.arn) },
      create: { key: counterKey(g.arn), value },
      update: { value },
    });
  });
  ctx.services.events.publish({
    type: 'modelPackageGroup.deleted',
    resourceArn: g.arn,
    detail: { name: g.name },
    audienceUserIds: g.ownerUserId ? [g.ownerUserId] : [],
  });
  return {};
}
