// Finding the rows a console route names, with a not-found message that says which one.
import type { Db } from '@tessera/db';
import { notFound } from '../../../platform/errors.ts';

export async function userByName(db: Db, username: string) {
  const user = await db.user.findUnique({ where: { username } });
  if (!user) throw notFound(`There is no user ${username}`);
  return user;
}

export async function groupByName(db: Db, name: string) {
  const group = await db.group.findUnique({
    where: { name },
    include: { members: { include: { user: { select: { username: true } } } } },
  });
  if (!group) throw notFound(`There is no group ${name}`);
  return group;
}

export async function liveDomain(db: Db, domainId: string) {
  const domain = await db.domain.findUnique({ where: { id: domainId } });
  if (!domain || domain.desiredState === 'Deleted') throw notFound(`Domain ${domainId} does not exist`);
  return domain;
}
