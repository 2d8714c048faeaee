import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { absentInvalid, validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { checkBuckets } from '../../jobs/access.ts';
import { findGroup } from '../lookup.ts';
import { s3Uris } from '../package-uris.ts';

// A new version of a group: numbered in the transaction that writes it (the group's nextVersion,
// taken and advanced together), so concurrent creations get 1..n with no gap and no duplicate.
// A failed creation rolls its number back with it.
export async function createModelPackage(
  ctx: OpContext<'arns' | 'db' | 'events' | 'objects'>,
  input: OperationInput<'CreateModelPackage'>,
): Promise<OperationOutput<'CreateModelPackage'>> {
  const { db, arns } = ctx.services;
  if (!input.ModelPackageGroupName)
    throw validation(
      'Give ModelPackageGroupName: Tessera keeps versioned model packages (in a group), ' +
        'not unversioned (marketplace) ones',
    );
  if (input.ModelPackageName)
    throw validation('ModelPackageName is for unversioned packages; a versioned one is named by its group');
  if (input.CertifyForMarketplace)
    throw validation('There is no marketplace here: CertifyForMarketplace must be false');
  const group = await findGroup(ctx, input.ModelPackageGroupName);
  await checkBuckets(ctx.services, ctx.principal, s3Uris(input));
  const { Tags, ...spec } = input;
  const approval = input.ModelApprovalStatus ?? 'PendingManualApproval';
  // Not serializable: the increment is one UPDATE, which under PostgreSQL's read committed waits
  // for a concurrent creation's commit and then reads its value, so twenty at once queue rather
  // than fail and retry (SQLite runs write transactions one at a time anyway).
  const arn = await db
    .$transaction(async (tx) => {
      // The group looked up, not a later one of its name (deleted and re-created meanwhile).
      const g = await tx.modelPackageGroup.update({
        where: { name: group.name, arn: group.arn, createdAt: group.createdAt, ownerUserId: group.ownerUserId },
        data: { nextVersion: { increment: 1 } },
      });
      if (g.status !== 'Completed') throw validation(`Model Package Group ${g.arn} is ${g.status}`);
      const version = g.nextVersion - 1;
      const arn = arns.named('model-package', `${g.name}/${version}`);
      await tx.modelPackage.create({
        data: {
          arn,
          groupName: g.name,
          version,
          // The group's owner's, whoever adds it (an admin may): a group's versions are seen together.
          ownerUserId: g.ownerUserId,
          spec: { ...spec, ModelPackageGroupName: g.name } as never,
          approvalStatus: approval,
        },
      });
      await tx.tag.deleteMany({ where: { resourceArn: arn } });
      if (Tags?.length)
        await tx.tag.createMany({ data: Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
      return arn;
    })
    .catch((err) => {
      // The group was deleted (or replaced) between the lookup and the increment.
      if ((err as { code?: string }).code === 'P2025')
        throw absentInvalid(`ModelPackageGroup ${group.name} does not exist.`);
      throw err;
    });
  ctx.services.events.publish({
    type: 'modelPackage.created',
    resourceArn: arn,
    status: approval,
    detail: { group: group.name },
    audienceUserIds: group.ownerUserId ? [group.ownerUserId] : [],
  });
  return { ModelPackageArn: arn };
}
