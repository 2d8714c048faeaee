// Console routes for groups: named sets of users (quotas can be set per group).
import type { Db } from '@tessera/db';
import { inUse, notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/identity/ids.ts';
import type { RestContext } from '../context.ts';
import { groupByName, userByName } from './lookups.ts';

const view = (g: Awaited<ReturnType<typeof groupByName>>) => ({
  name: g.name,
  createdAt: g.createdAt.toISOString(),
  members: g.members.map((m) => m.user.username).sort(),
});

async function listGroups(c: RestContext) {
  const groups = await c.services.db.group.findMany({
    orderBy: { name: 'asc' },
    include: { members: { include: { user: { select: { username: true } } } } },
  });
  return { groups: groups.map(view) };
}

async function createGroup(c: RestContext) {
  const db: Db = c.services.db;
  const name = c.body.name as string;
  if (await db.group.findUnique({ where: { name } })) throw inUse(`Group ${name} already exists`);
  await db.group.create({ data: { id: newId(), name } });
  c.services.logger.info({ by: c.principal!.username, group: name }, 'group created');
  return { group: view(await groupByName(db, name)) };
}

async function deleteGroup(c: RestContext) {
  const group = await groupByName(c.services.db, c.params.groupName!);
  // Group quotas go with the group (their rows name it only by id).
  await c.services.db.quota.deleteMany({ where: { groupId: group.id } });
  await c.services.db.group.delete({ where: { id: group.id } });
  c.services.logger.info({ by: c.principal!.username, group: group.name }, 'group deleted');
}

async function addGroupMember(c: RestContext) {
  const db = c.services.db;
  const group = await groupByName(db, c.params.groupName!);
  const user = await userByName(db, c.body.username);
  await db.groupMember.upsert({
    where: { groupId_userId: { groupId: group.id, userId: user.id } },
    create: { groupId: group.id, userId: user.id },
    update: {},
  });
  return { group: view(await groupByName(db, group.name)) };
}

async function removeGroupMember(c: RestContext) {
  const db = c.services.db;
  const group = await groupByName(db, c.params.groupName!);
  const user = await userByName(db, c.params.username!);
  const { count } = await db.groupMember.deleteMany({ where: { groupId: group.id, userId: user.id } });
  if (!count) throw notFound(`${user.username} is not a member of ${group.name}`);
}

export const groupHandlers = { listGroups, createGroup, deleteGroup, addGroupMember, removeGroupMember };
