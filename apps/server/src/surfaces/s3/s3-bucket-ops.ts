// Bucket operations: CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation.
import { authorizeBucket, visibleBuckets } from '../../platform/objects/bucket-access.ts';
import { bucketNameProblem } from '../../platform/objects/bucket-name.ts';
import { ObjectStoreError } from '../../platform/objects/object-store.ts';
import { readSmallBody } from './request-body.ts';
import { s3Error } from '../../platform/objects/s3-errors.ts';
import { bodyOf, sendEmpty, sendXml, type S3Handler } from './s3-http.ts';
import { el, parseRequestXml, xmlDocument, ZCreateBucketRequest } from './s3-xml.ts';

const isUniqueViolation = (err: unknown) =>
  (err as { code?: string })?.code === 'P2002' ||
  /Unique constraint failed|UniqueConstraintViolation/.test((err as Error)?.message ?? '');

export const createBucket: S3Handler = async (call) => {
  const { res, services, store, principal, bucket } = call;
  const problem = bucketNameProblem(bucket);
  if (problem)
    throw s3Error('InvalidBucketName', `The specified bucket is not valid: ${problem}`, { BucketName: bucket });
  const body = await readSmallBody(bodyOf(call), 64 * 1024);
  if (body.length) {
    const config = parseRequestXml(body, 'CreateBucketConfiguration', ZCreateBucketRequest);
    const location = typeof config === 'string' ? '' : (config.LocationConstraint ?? '');
    if (location && location !== services.config.region) {
      throw s3Error(
        'IllegalLocationConstraintException',
        `The ${location} location constraint is incompatible with this server's region (${services.config.region})`,
      );
    }
  }
  try {
    await services.db.bucket.create({ data: { name: bucket, ownerUserId: principal.userId } });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const row = await services.db.bucket.findUnique({ where: { name: bucket } });
    if (row?.ownerUserId === principal.userId)
      throw s3Error(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
        { BucketName: bucket },
      );
    throw s3Error(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. ' +
        'Please select a different name and try again.',
      { BucketName: bucket },
    );
  }
  try {
    await store.createBucket(bucket);
  } catch (err) {
    await services.db.bucket.delete({ where: { name: bucket } }).catch(() => {});
    throw err;
  }
  sendEmpty(res, 200, { location: `/${bucket}` });
};

export const headBucket: S3Handler = async ({ res, services, principal, bucket }) => {
  await authorizeBucket(services.db, principal, bucket);
  sendEmpty(res, 200, { 'x-amz-bucket-region': services.config.region });
};

export const deleteBucket: S3Handler = async ({ res, services, store, principal, bucket }) => {
  await authorizeBucket(services.db, principal, bucket);
  try {
    await store.deleteBucket(bucket);
  } catch (err) {
    // A row whose directory is gone (a wiped data directory) is deleted all the same.
    if (!(err instanceof ObjectStoreError && err.code === 'NoSuchBucket')) throw err;
  }
  await services.db.bucket.deleteMany({ where: { name: bucket } });
  sendEmpty(res, 204);
};

export const listBuckets: S3Handler = async ({ res, services, principal }) => {
  const rows = await visibleBuckets(services.db, principal);
  const xml = xmlDocument('ListAllMyBucketsResult', [
    el('Owner', [el('ID', principal.userId), el('DisplayName', principal.username)]),
    el(
      'Buckets',
      rows.map((b) =>
        el('Bucket', [
          el('Name', b.name),
          el('CreationDate', b.createdAt.toISOString()),
          el('BucketRegion', services.config.region),
        ]),
      ),
    ),
  ]);
  sendXml(res, 200, xml);
};

export const getBucketLocation: S3Handler = async ({ res, services, principal, bucket }) => {
  await authorizeBucket(services.db, principal, bucket);
  // S3 answers an empty constraint for us-east-1, its original region.
  const region = services.config.region === 'us-east-1' ? '' : services.config.region;
  sendXml(res, 200, xmlDocument('LocationConstraint', region));
};
