// Console routes around domains: who owns a user profile, what blocks a domain's deletion, and
// whether a domain allows public notebook links.
import { notFound, validation } from '../../../platform/errors.ts';
import type { RestContext } from '../context.ts';
import { liveDomain, userByName } from './lookups.ts';

async function setProfileOwner(c: RestContext) {
  const { db, logger } = c.services;
  const { domainId, name } = c.params as { domainId: string; name: string };
  const profile = await db.userProfile.findUnique({ where: { domainId_name: { domainId, name } } });
  if (!profile || profile.desiredState === 'Deleted')
    throw notFound(`User profile ${name} does not exist in domain ${domainId}`);
  const owner = c.body.username === null ? null : await userByName(db, c.body.username);
  await db.userProfile.update({ where: { id: profile.id }, data: { ownerUserId: owner?.id ?? null } });
  logger.info(
    { by: c.principal!.username, domainId, profile: name, owner: owner?.username ?? null },
    'user profile owner set',
  );
  return { domainId, userProfileName: name, ownerUsername: owner?.username ?? null };
}

async function domainBlockers(c: RestContext) {
  const { db } = c.services;
  const domain = await liveDomain(db, c.params.domainId!);
  const profiles = await db.userProfile.findMany({
    where: { domainId: domain.id, desiredState: 'Present' },
    orderBy: { name: 'asc' },
    include: { owner: { select: { username: true } } },
  });
  const apps = await db.app.findMany({
    where: { domainId: domain.id, desiredState: 'Present', status: { not: 'Deleted' } },
    orderBy: { createdAt: 'asc' },
  });
  const appView = (a: (typeof apps)[number]) => ({
    arn: a.arn,
    appType: a.appType,
    appName: a.appName,
    status: a.status,
    instanceType: a.instanceType,
    spaceName: a.spaceName,
  });
  return {
    domainId: domain.id,
    domainName: domain.name,
    status: domain.status,
    userProfiles: profiles.map((p) => ({
      userProfileName: p.name,
      status: p.status,
      ownerUsername: p.owner?.username ?? null,
      apps: apps.filter((a) => a.userProfileName === p.name && !a.spaceName).map(appView),
    })),
    spaceApps: apps.filter((a) => a.spaceName).map(appView),
    canDelete: profiles.length === 0,
  };
}

function notebookOutputOption(defaultUserSettings: unknown): 'Allowed' | 'Disabled' {
  const s = defaultUserSettings as { SharingSettings?: { NotebookOutputOption?: string } } | null;
  return s?.SharingSettings?.NotebookOutputOption === 'Disabled' ? 'Disabled' : 'Allowed';
}

async function getDomainSharing(c: RestContext) {
  const domain = await liveDomain(c.services.db, c.params.domainId!);
  return {
    domainId: domain.id,
    allowPublicShares: domain.allowPublicShares,
    notebookOutputOption: notebookOutputOption(domain.defaultUserSettings),
  };
}

async function updateDomainSharing(c: RestContext) {
  const { db, logger } = c.services;
  const domain = await liveDomain(db, c.params.domainId!);
  if (domain.status === 'Deleting') throw validation(`Domain ${domain.id} is being deleted`);
  const updated = await db.domain.update({
    where: { id: domain.id },
    data: { allowPublicShares: c.body.allowPublicShares },
  });
  logger.info(
    { by: c.principal!.username, domainId: domain.id, allowPublicShares: updated.allowPublicShares },
    'domain sharing updated',
  );
  return {
    domainId: domain.id,
    allowPublicShares: updated.allowPublicShares,
    notebookOutputOption: notebookOutputOption(updated.defaultUserSettings),
  };
}

export const domainHandlers = { setProfileOwner, domainBlockers, getDomainSharing, updateDomainSharing };
