import type { Prisma } from '@tessera/db';

/**
 * Update semantics for settings structures: members present in the update replace the stored
 * ones; members absent are kept. (Sending DefaultUserSettings with only SharingSettings leaves
 * the execution role alone.)
 */
export function mergeSettings(stored: unknown, update: object | undefined): Prisma.InputJsonValue | undefined {
  if (update === undefined) return (stored ?? undefined) as Prisma.InputJsonValue | undefined;
  return { ...((stored as object | null) ?? {}), ...update } as Prisma.InputJsonValue;
}

/** Validated request structures are plain JSON; this tells Prisma's Json column type so. */
export const json = <T>(value: T): Prisma.InputJsonValue => value as unknown as Prisma.InputJsonValue;
