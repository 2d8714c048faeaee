// Who may use what in jobs and endpoints: a job's or endpoint's owner and admins; and the S3 data a
// job reads or writes must be in buckets the caller may use, so a job cannot become a way into
// another user's objects.
import { absentInvalid, accessDenied, notFound, validation } from '../../platform/errors.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import { parseS3Uri } from '../../platform/objects/object-store.ts';
import type { Services } from '../services.ts';

export function visibleTo(principal: Principal, row: { ownerUserId: string | null }): boolean {
  return principal.isAdmin || row.ownerUserId === principal.userId;
}

/** The row, or ResourceNotFound when it does not exist or belongs to someone else (as SageMaker across accounts). */
export function ownedOr404<T extends { ownerUserId: string | null }>(
  principal: Principal,
  row: T | null,
  what: string,
): T {
  if (!row || !visibleTo(principal, row)) throw notFound(what);
  return row;
}

/** As `ownedOr404`, with SageMaker's ValidationException, which is what models, configs and endpoints answer. */
export function ownedOrInvalid<T extends { ownerUserId: string | null }>(
  principal: Principal,
  row: T | null,
  message: string,
): T {
  if (!row || !visibleTo(principal, row)) throw absentInvalid(message);
  return row;
}

/**
 * Checks every s3:// URI names a bucket the caller may use, by Tessera's own records (the Bucket
 * table), whichever store holds the objects. An external store is reached with the server's
 * credentials, which see every tenant's buckets, so its own access rules protect no one here:
 * a user may name only buckets an admin has granted them; admins may name any.
 */
export async function checkBuckets(
  s: Pick<Services, 'db' | 'objects'>,
  principal: Principal,
  uris: { field: string; uri: string }[],
): Promise<void> {
  for (const { field, uri } of uris) {
    const loc = parseS3Uri(uri);
    if (!loc) throw validation(`${field}: ${uri} is not an s3:// URI (https:// object URLs are not supported here)`);
    const bucket = await s.db.bucket.findUnique({ where: { name: loc.bucket } });
    if (s.objects.kind !== 'embedded') {
      if (principal.isAdmin || bucket?.ownerUserId === principal.userId) continue;
      throw accessDenied(
        `${field}: you may not use the bucket ${loc.bucket}: it is not granted to you; ` +
          'ask an administrator to grant it (POST /api/v1/buckets)',
      );
    }
    if (!bucket)
      throw validation(`${field}: the bucket ${loc.bucket} does not exist (create it with the S3 API first)`);
    if (!principal.isAdmin && bucket.ownerUserId !== principal.userId)
      throw accessDenied(`${field}: you may not use the bucket ${loc.bucket}: it belongs to another user`);
  }
}

/** Whether the owner of work may read `bucket` now (by the same records as checkBuckets). */
export async function ownerMayUseBucket(
  s: Pick<Services, 'db' | 'objects'>,
  ownerUserId: string | null,
  bucket: string,
): Promise<boolean> {
  if (!ownerUserId) return false;
  const row = await s.db.bucket.findUnique({ where: { name: bucket } });
  if (row?.ownerUserId === ownerUserId) return true;
  if (!row && s.objects.kind === 'embedded') return false;
  return !!(await s.db.user.findUnique({ where: { id: ownerUserId }, select: { isAdmin: true } }))?.isAdmin;
}
