import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { inUse, limitExceeded, notFound, validation } from '../../../platform/errors.ts';
import { newId } from '../../../platform/identity/ids.ts';
import type { OpContext } from '../../services.ts';
import { json } from '../../../platform/db/json.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';

const FIRST_UID = 200001; // SageMaker numbers home-directory owners from here

export async function createUserProfile(
  ctx: OpContext<'arns' | 'config' | 'db' | 'events' | 'reconciler'>,
  input: OperationInput<'CreateUserProfile'> & { OwnerUsername?: string },
): Promise<OperationOutput<'CreateUserProfile'>> {
  const { db, arns, config, reconciler, events } = ctx.services;
  const arn = arns.userProfile(input.DomainId, input.UserProfileName);
  requireAdmin(ctx.principal, 'CreateUserProfile', arn);

  const ownerName = input.OwnerUsername ?? input.SingleSignOnUserValue;
  const owner = ownerName ? await db.user.findUnique({ where: { username: ownerName } }) : null;
  if (input.OwnerUsername && !owner)
    throw validation(
      `Value '${input.OwnerUsername}' at 'ownerUsername' failed to satisfy constraint: Member must ` +
        'name an existing user',
    );

  await writeTransaction(db, async (tx) => {
    const domain = await tx.domain.findUnique({ where: { id: input.DomainId } });
    if (!domain) throw notFound(`Domain ${input.DomainId} does not exist`);
    if (domain.desiredState === 'Deleted') throw inUse(`Domain ${domain.id} is being deleted`);
    if (domain.authMode === 'SSO' && !input.SingleSignOnUserValue) {
      throw validation(
        `Domain ${domain.id} uses SSO: SingleSignOnUserIdentifier ("UserName") and SingleSignOnUserValue are required`,
      );
    }
    if (domain.authMode === 'IAM' && (input.SingleSignOnUserIdentifier || input.SingleSignOnUserValue)) {
      throw validation(
        `Domain ${domain.id} uses IAM: SingleSignOnUserIdentifier and SingleSignOnUserValue are only ` +
          'valid for SSO domains',
      );
    }
    const existing = await tx.userProfile.findUnique({
      where: { domainId_name: { domainId: domain.id, name: input.UserProfileName } },
    });
    if (existing) {
      throw inUse(
        existing.desiredState === 'Deleted'
          ? `User profile ${input.UserProfileName} in domain ${domain.id} is still being deleted; try again shortly`
          : `User profile ${input.UserProfileName} already exists in domain ${domain.id}`,
      );
    }
    const count = await tx.userProfile.count({ where: { domainId: domain.id } });
    if (count >= config.limits.userProfilesPerDomain) {
      throw limitExceeded(
        `Domain ${domain.id} already has ${count} user profiles, its limit ` +
          `(TESSERA_MAX_USER_PROFILES_PER_DOMAIN=${config.limits.userProfilesPerDomain})`,
      );
    }
    // The uid names the profile's home directory, so it is never given out twice in a domain, even
    // after its profile is deleted: the last one given is kept, not read off the live rows.
    const counter = `homeUid:${domain.id}`;
    const last = await tx.userProfile.findFirst({
      where: { domainId: domain.id },
      orderBy: { homeEfsFileSystemUid: 'desc' },
    });
    const given = await tx.setting.findUnique({ where: { key: counter } });
    const uid = Math.max(FIRST_UID, Number(last?.homeEfsFileSystemUid ?? 0) + 1, Number(given?.value ?? 0) + 1);
    await tx.setting.upsert({
      where: { key: counter },
      create: { key: counter, value: String(uid) },
      update: { value: String(uid) },
    });
    await tx.userProfile.create({
      data: {
        id: newId(),
        domainId: domain.id,
        name: input.UserProfileName,
        arn,
        status: 'Pending',
        userSettings: input.UserSettings && json(input.UserSettings),
        singleSignOnUserIdentifier: input.SingleSignOnUserIdentifier,
        singleSignOnUserValue: input.SingleSignOnUserValue,
        homeEfsFileSystemUid: String(uid),
        ownerUserId: owner?.id ?? null,
      },
    });
    await tx.tag.deleteMany({ where: { resourceArn: arn } }); // left by an earlier profile of this name
    if (input.Tags?.length)
      await tx.tag.createMany({ data: input.Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
  });
  events.publish({
    type: 'userProfile.status',
    resourceArn: arn,
    status: 'Pending',
    audienceUserIds: owner ? [owner.id] : [],
  });
  reconciler.enqueue('userProfile', `${input.DomainId}/${input.UserProfileName}`);
  return { UserProfileArn: arn };
}
