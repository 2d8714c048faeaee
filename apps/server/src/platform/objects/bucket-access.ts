// Who may use a bucket: the user who created it, and admins. Ownership lives in the database
// (the Bucket table), so it holds across every server sharing it; names are global, as in S3.
import type { Db } from '@tessera/db';
import type { Principal } from '../identity/principal.ts';
import { s3Error } from './s3-errors.ts';

export interface BucketRow {
  name: string;
  ownerUserId: string;
  createdAt: Date;
}

/** The bucket's row when the principal may use it; NoSuchBucket or AccessDenied otherwise. */
export async function authorizeBucket(db: Db, principal: Principal, bucket: string): Promise<BucketRow> {
  const row = await db.bucket.findUnique({ where: { name: bucket } });
  if (!row) throw s3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
  if (row.ownerUserId !== principal.userId && !principal.isAdmin)
    throw s3Error('AccessDenied', `Access Denied: bucket ${bucket} belongs to another user`, { BucketName: bucket });
  return row;
}

/** The buckets a principal sees in ListBuckets: their own; every bucket for an admin. */
export function visibleBuckets(db: Db, principal: Principal): Promise<BucketRow[]> {
  return db.bucket.findMany({
    where: principal.isAdmin ? {} : { ownerUserId: principal.userId },
    orderBy: { name: 'asc' },
  });
}
