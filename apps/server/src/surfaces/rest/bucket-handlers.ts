// REST handlers for bucket grants (routes listBucketGrants, grantBucket, revokeBucket; admins only).
// With an external store a bucket's row is the only record of who may name it in jobs, endpoints
// and models (resources/jobs/access.ts); with the embedded store the S3 API writes those rows.
import { notFound, validation } from '../../platform/errors.ts';
import { bucketNameProblem } from '../../platform/objects/bucket-name.ts';
import type { RestContext } from './context.ts';

const EMBEDDED = (bucket: string) =>
  validation(
    `Bucket ${bucket}: the embedded object store's buckets belong to whoever creates them with the S3 API; ` +
      'grants are for an external store (TESSERA_S3_ENDPOINT)',
  );

async function view(c: RestContext, row: { name: string; ownerUserId: string; createdAt: Date }) {
  const owner = await c.services.db.user.findUnique({ where: { id: row.ownerUserId }, select: { username: true } });
  return { bucket: row.name, ownerUsername: owner?.username ?? null, createdAt: row.createdAt.toISOString() };
}

export const bucketHandlers = {
  async listBucketGrants(c: RestContext) {
    const rows = await c.services.db.bucket.findMany({ orderBy: { name: 'asc' } });
    return { buckets: await Promise.all(rows.map((r) => view(c, r))) };
  },
  async grantBucket(c: RestContext) {
    const { db, objects, logger } = c.services;
    const { bucket, ownerUsername } = c.body as { bucket: string; ownerUsername: string };
    if (objects.kind === 'embedded') throw EMBEDDED(bucket);
    const problem = bucketNameProblem(bucket);
    if (problem) throw validation(`Bucket ${bucket}: ${problem}`);
    const owner = await db.user.findUnique({ where: { username: ownerUsername }, select: { id: true } });
    if (!owner) throw validation(`No user is called ${ownerUsername}`);
    if (!(await objects.bucketExists(bucket)))
      throw validation(`The external object store has no bucket ${bucket} (or the server's credentials cannot see it)`);
    const row = await db.bucket.upsert({
      where: { name: bucket },
      create: { name: bucket, ownerUserId: owner.id },
      update: { ownerUserId: owner.id },
    });
    logger.info({ by: c.principal!.username, bucket, to: ownerUsername }, 'bucket granted');
    return view(c, row);
  },
  async revokeBucket(c: RestContext) {
    const { db, objects, logger } = c.services;
    const bucket = c.params.bucket!;
    if (objects.kind === 'embedded') throw EMBEDDED(bucket);
    const { count } = await db.bucket.deleteMany({ where: { name: bucket } });
    if (!count) throw notFound(`Bucket ${bucket} is granted to no one`);
    logger.info({ by: c.principal!.username, bucket }, 'bucket grant revoked');
  },
};
