import type { Db, User } from '@tessera/db';
import { inUse } from '../errors.ts';
import { newId, randomString } from './ids.ts';
import { dummyVerify, hashPassword, verifyPassword } from './passwords.ts';

export interface NewUser {
  username: string;
  password?: string;
  displayName?: string;
  email?: string;
  isAdmin?: boolean;
}

export async function createUser(db: Db, input: NewUser): Promise<User> {
  const existing = await db.user.findUnique({ where: { username: input.username } });
  if (existing) throw inUse(`User name "${input.username}" is already taken`);
  return db.user.create({
    data: {
      id: newId(),
      username: input.username,
      displayName: input.displayName ?? null,
      email: input.email ?? null,
      isAdmin: input.isAdmin ?? false,
      passwordHash: input.password ? await hashPassword(input.password) : null,
    },
  });
}

/** The user for a username and password, or undefined; takes the same time either way. */
export async function checkPassword(db: Db, username: string, password: string): Promise<User | undefined> {
  const user = await db.user.findUnique({ where: { username } });
  if (!user || user.disabled || !user.passwordHash) {
    await dummyVerify(password);
    return undefined;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : undefined;
}

/** Checks the current password, stores the new one, and ends every other session of the user. */
export async function changePassword(
  db: Db,
  userId: string,
  current: string,
  next: string,
  keepSessionId: string | undefined,
): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || !(await verifyPassword(user.passwordHash, current))) return false;
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(next) } });
  await db.session.deleteMany({ where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) } });
  return true;
}

/** Stores a password set through a one-time link and ends every session the user had. */
export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password) } });
  await db.session.deleteMany({ where: { userId } });
}

/**
 * Makes sure an administrator exists. On first start the password comes from
 * TESSERA_ADMIN_PASSWORD or is generated and returned so the caller can print it once.
 */
export async function bootstrapAdmin(
  db: Db,
  admin: { username: string; password: string | undefined },
): Promise<{ created: false } | { created: true; username: string; generatedPassword?: string }> {
  if (await db.user.findFirst({ where: { isAdmin: true } })) return { created: false };
  const generatedPassword = admin.password ? undefined : randomString(24);
  try {
    await createUser(db, {
      username: admin.username,
      password: admin.password ?? generatedPassword,
      isAdmin: true,
      displayName: 'Administrator',
    });
  } catch (err) {
    // Another server sharing the database bootstrapped the same admin a moment earlier.
    if (await db.user.findFirst({ where: { isAdmin: true } })) return { created: false };
    throw err;
  }
  return { created: true, username: admin.username, generatedPassword };
}
