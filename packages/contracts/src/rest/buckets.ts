// REST shapes for bucket grants: with an external object store (TESSERA_S3_ENDPOINT) jobs reach
// it with the server's own credentials, so Tessera keeps who may name which bucket; an admin
// grants an existing bucket of that store to one user. With the embedded store the S3 API keeps
// these records itself (a bucket belongs to whoever created it).
import { z } from 'zod';
import { ZUsername } from './auth.ts';

export const ZBucketName = z.string().min(3).max(63);
export const ZBucketGrantView = z.object({
  bucket: z.string(),
  ownerUsername: z.string().nullable(),
  createdAt: z.string(),
});
export const ZListBucketGrantsResponseSchema = z.object({ buckets: z.array(ZBucketGrantView) });
export const ZGrantBucketRequestSchema = z.strictObject({ bucket: ZBucketName, ownerUsername: ZUsername });

export const bucketRoutes = {
  listBucketGrants: {
    method: 'get',
    path: '/api/v1/buckets',
    summary: 'Buckets jobs may name, and whose each is',
    access: 'admin',
    response: ZListBucketGrantsResponseSchema,
  },
  grantBucket: {
    method: 'post',
    path: '/api/v1/buckets',
    summary: "Let a user's jobs and endpoints use a bucket of the external object store",
    access: 'admin',
    body: ZGrantBucketRequestSchema,
    response: ZBucketGrantView,
  },
  revokeBucket: {
    method: 'delete',
    path: '/api/v1/buckets/:bucket',
    summary: "Take back a bucket of the external object store from its user's jobs",
    access: 'admin',
  },
} as const;
