// REST handlers for instance-type quotas (routes listQuotas, putQuota, deleteQuota; admins only).
import type { Quota } from '@tessera/db';
import { notFound, validation } from '../../platform/errors.ts';
import { newId } from '../../platform/identity/ids.ts';
import type { RestContext } from './context.ts';
import { holdings } from '../../resources/quotas/held.ts';
import type { Tx } from '../../platform/db/transaction.ts';

async function inUse(tx: Tx, q: Quota): Promise<number> {
  if (!q.domainId) return 0;
  let held = await holdings(tx, q.domainId, q.instanceType);
  if (q.scope === 'UserProfile') held = held.filter((h) => h.userProfileName === q.userProfile);
  if (q.scope === 'Group') {
    const members = await tx.groupMember.findMany({ where: { groupId: q.groupId ?? '' }, select: { userId: true } });
    const profiles = await tx.userProfile.findMany({
      where: { domainId: q.domainId, ownerUserId: { in: members.map((m) => m.userId) } },
      select: { name: true },
    });
    const names = new Set(profiles.map((p) => p.name));
    held = held.filter((h) => names.has(h.userProfileName));
  }
  return held.reduce((n, h) => n + h.instances, 0);
}

async function view(tx: Tx, q: Quota, groupNames: Map<string, string>) {
  return {
    QuotaId: q.id,
    Scope: q.scope as 'Domain' | 'Group' | 'UserProfile',
    DomainId: q.domainId ?? '',
    ...(q.userProfile ? { UserProfileName: q.userProfile } : {}),
    ...(q.groupId ? { GroupName: groupNames.get(q.groupId) ?? q.groupId } : {}),
    InstanceType: q.instanceType,
    MaxInstances: q.maxInstances,
    InUse: await inUse(tx, q),
  };
}

const groupNamesOf = async (tx: Tx) =>
  new Map((await tx.group.findMany({ select: { id: true, name: true } })).map((g) => [g.id, g.name]));

export const quotaHandlers = {
  async listQuotas(c: RestContext) {
    const { db } = c.services;
    const rows = await db.quota.findMany({
      where: c.query.domainId ? { domainId: c.query.domainId } : {},
      orderBy: { createdAt: 'asc' },
    });
    const names = await groupNamesOf(db);
    return { Quotas: await Promise.all(rows.map((q) => view(db, q, names))) };
  },
  async putQuota(c: RestContext) {
    const { db } = c.services;
    const b = c.body as {
      Scope: string;
      DomainId: string;
      UserProfileName?: string;
      GroupName?: string;
      InstanceType: string;
      MaxInstances: number;
    };
    if (!(await db.domain.findUnique({ where: { id: b.DomainId } })))
      throw notFound(`Domain ${b.DomainId} does not exist`);
    if (!(await db.instanceType.findUnique({ where: { name: b.InstanceType } })))
      throw validation(`Instance type ${b.InstanceType} is not offered by this installation`);
    if (
      b.UserProfileName &&
      !(await db.userProfile.findUnique({
        where: { domainId_name: { domainId: b.DomainId, name: b.UserProfileName } },
      }))
    ) {
      throw notFound(`User profile ${b.UserProfileName} does not exist in domain ${b.DomainId}`);
    }
    const group = b.GroupName ? await db.group.findUnique({ where: { name: b.GroupName } }) : null;
    if (b.GroupName && !group) throw notFound(`Group ${b.GroupName} does not exist; create it first`);
    const where = {
      domainId: b.DomainId,
      scope: b.Scope,
      userProfile: b.UserProfileName ?? null,
      groupId: group?.id ?? null,
      instanceType: b.InstanceType,
    };
    const existing = await db.quota.findFirst({ where });
    const row = existing
      ? await db.quota.update({ where: { id: existing.id }, data: { maxInstances: b.MaxInstances } })
      : await db.quota.create({ data: { id: `q-${newId()}`, ...where, maxInstances: b.MaxInstances } });
    c.services.logger.info(
      {
        by: c.principal!.username,
        quota: row.id,
        scope: b.Scope,
        instanceType: b.InstanceType,
        maxInstances: b.MaxInstances,
      },
      'quota set',
    );
    return view(db, row, await groupNamesOf(db));
  },
  async deleteQuota(c: RestContext) {
    const { count } = await c.services.db.quota.deleteMany({ where: { id: c.params.quotaId } });
    if (!count) throw notFound(`Quota ${c.params.quotaId} does not exist`);
  },
};
