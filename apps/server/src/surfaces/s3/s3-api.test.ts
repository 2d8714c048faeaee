import { describe, expect, it } from 'vitest';
import { parsePath, route } from './s3-api.ts';

const q = (s: string) => new URLSearchParams(s);
const op = (method: string, path: string, query = '', copy = false) => {
  const { bucket, key } = parsePath(path);
  return route(method, bucket, key, q(query), copy).operation;
};

describe('S3 routing', () => {
  it('names the operation from method, path and query', () => {
    expect(op('GET', '/')).toBe('ListBuckets');
    expect(op('PUT', '/b')).toBe('CreateBucket');
    expect(op('GET', '/b/', 'list-type=2&prefix=x')).toBe('ListObjectsV2');
    expect(op('GET', '/b')).toBe('ListObjects');
    expect(op('POST', '/b', 'delete')).toBe('DeleteObjects');
    expect(op('PUT', '/b/k')).toBe('PutObject');
    expect(op('PUT', '/b/k', '', true)).toBe('CopyObject');
    expect(op('PUT', '/b/k', 'partNumber=1&uploadId=u')).toBe('UploadPart');
    expect(op('POST', '/b/k', 'uploads')).toBe('CreateMultipartUpload');
    expect(op('POST', '/b/k', 'uploadId=u')).toBe('CompleteMultipartUpload');
    expect(op('DELETE', '/b/k', 'uploadId=u')).toBe('AbortMultipartUpload');
    expect(op('GET', '/b/k', 'uploadId=u')).toBe('ListParts');
    expect(op('GET', '/b/k', 'tagging')).toBe('unsupported:tagging');
    expect(op('PATCH', '/b/k')).toBe('unknown');
  });

  it('decodes bucket and key as sent, keeping slashes and dots in the key', () => {
    expect(parsePath('/b/a%20b/../c%2Fd')).toEqual({ bucket: 'b', key: 'a b/../c/d' });
    expect(parsePath('/b//abs')).toEqual({ bucket: 'b', key: '/abs' });
    expect(parsePath('/b/')).toEqual({ bucket: 'b', key: '' });
    expect(() => parsePath('/b/%E0%A4%A')).toThrow(expect.objectContaining({ code: 'InvalidURI' }));
  });
});
