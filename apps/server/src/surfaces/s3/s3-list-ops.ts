// ListObjectsV2 and the original ListObjects: prefix, delimiter (common prefixes), max-keys, and
// paging by continuation token / start-after (v2) or marker (v1). A continuation token is where
// the previous page stopped, in key bytes, base64url-encoded: opaque to clients, and enough to
// resume without any server-side state.
import { authorizeBucket } from '../../platform/objects/bucket-access.ts';
import type { ListPage } from '../../platform/objects/local-store.ts';
import type { ObjectMeta } from '../../platform/objects/object-file.ts';
import { s3Error } from '../../platform/objects/s3-errors.ts';
import { quoted, sendXml, type S3Call, type S3Handler } from './s3-http.ts';
import { el, xmlDocument } from './s3-xml.ts';

const MAX_KEYS = 1000;

function maxKeys(query: URLSearchParams): number {
  const raw = query.get('max-keys');
  if (raw === null || raw === '') return MAX_KEYS;
  if (!/^\d{1,10}$/.test(raw))
    throw s3Error('InvalidArgument', 'max-keys must be a non-negative integer', {
      ArgumentName: 'max-keys',
      ArgumentValue: raw,
    });
  return Math.min(Number(raw), MAX_KEYS);
}

function encodingOf(query: URLSearchParams): (s: string) => string {
  const encoding = query.get('encoding-type');
  if (encoding === null) return (s) => s;
  if (encoding !== 'url')
    throw s3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type',
      ArgumentValue: encoding,
    });
  // botocore decodes with unquote_plus, so "+" and spaces must both arrive escaped.
  return (s) => encodeURIComponent(s).replace(/%2F/g, '/');
}

function contents(o: ObjectMeta, enc: (s: string) => string, owner?: string): string {
  return el('Contents', [
    el('Key', enc(o.key)),
    el('LastModified', o.lastModified),
    el('ETag', quoted(o.etag)),
    el('Size', o.size),
    el('StorageClass', 'STANDARD'),
    owner !== undefined && el('Owner', [el('ID', owner)]),
  ]);
}

async function list(
  call: S3Call,
  after: Buffer | undefined,
): Promise<{ page: ListPage; ownerUserId: string; max: number }> {
  const { services, store, principal, bucket, query } = call;
  const row = await authorizeBucket(services.db, principal, bucket);
  const max = maxKeys(query);
  const delimiter = query.get('delimiter') || undefined;
  const page = await store.listObjects(bucket, { prefix: query.get('prefix') ?? '', delimiter, maxKeys: max, after });
  return { page, ownerUserId: row.ownerUserId, max };
}

export const listObjectsV2: S3Handler = async (call) => {
  const { query, bucket, res } = call;
  const token = query.get('continuation-token');
  let after: Buffer | undefined;
  if (token !== null) {
    after = Buffer.from(token, 'base64url');
    if (!token || after.length > 1100 || after.toString('base64url') !== token)
      throw s3Error('InvalidArgument', 'The continuation token provided is incorrect', {
        ArgumentName: 'continuation-token',
      });
  } else if (query.get('start-after')) {
    after = Buffer.from(query.get('start-after')!, 'utf8');
  }
  const enc = encodingOf(query);
  const { page, ownerUserId, max } = await list(call, after);
  const owner = query.get('fetch-owner') === 'true' ? ownerUserId : undefined;
  const xml = xmlDocument('ListBucketResult', [
    el('Name', bucket),
    el('Prefix', enc(query.get('prefix') ?? '')),
    query.get('delimiter') ? el('Delimiter', enc(query.get('delimiter')!)) : '',
    el('MaxKeys', max),
    query.get('encoding-type') ? el('EncodingType', 'url') : '',
    el('KeyCount', page.objects.length + page.commonPrefixes.length),
    el('IsTruncated', page.next !== undefined),
    token !== null ? el('ContinuationToken', token) : '',
    page.next ? el('NextContinuationToken', page.next.toString('base64url')) : '',
    query.get('start-after') ? el('StartAfter', enc(query.get('start-after')!)) : '',
    ...page.objects.map((o) => contents(o, enc, owner)),
    ...page.commonPrefixes.map((p) => el('CommonPrefixes', [el('Prefix', enc(p))])),
  ]);
  sendXml(res, 200, xml);
};

export const listObjects: S3Handler = async (call) => {
  const { query, bucket, res } = call;
  const marker = query.get('marker') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const prefix = query.get('prefix') ?? '';
  // A marker that is a common prefix (the NextMarker of a previous page) skips everything under it.
  let after: Buffer | undefined = marker ? Buffer.from(marker, 'utf8') : undefined;
  if (
    after &&
    delimiter &&
    marker.startsWith(prefix) &&
    marker.endsWith(delimiter) &&
    marker.indexOf(delimiter, prefix.length) === marker.length - delimiter.length
  ) {
    after = Buffer.concat([after, Buffer.from([0xff])]);
  }
  const enc = encodingOf(query);
  const { page, max } = await list(call, after);
  const lastKey = page.objects.at(-1)?.key;
  const lastPrefix = page.commonPrefixes.at(-1);
  const nextMarker =
    lastPrefix !== undefined && (lastKey === undefined || Buffer.from(lastPrefix).compare(Buffer.from(lastKey)) > 0)
      ? lastPrefix
      : lastKey;
  const xml = xmlDocument('ListBucketResult', [
    el('Name', bucket),
    el('Prefix', enc(prefix)),
    el('Marker', enc(marker)),
    delimiter ? el('Delimiter', enc(delimiter)) : '',
    el('MaxKeys', max),
    query.get('encoding-type') ? el('EncodingType', 'url') : '',
    el('IsTruncated', page.next !== undefined),
    page.next && delimiter && nextMarker !== undefined ? el('NextMarker', enc(nextMarker)) : '',
    ...page.objects.map((o) => contents(o, enc)),
    ...page.commonPrefixes.map((p) => el('CommonPrefixes', [el('Prefix', enc(p))])),
  ]);
  sendXml(res, 200, xml);
};
