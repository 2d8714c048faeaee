import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isS3Request } from './s3-requests.ts';

const req = (url: string, headers: Record<string, string> = {}) => ({ headers, url }) as unknown as IncomingMessage;
const v4 = (service: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIA/20261127/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

describe('isS3Request', () => {
  it('goes to S3 only when the SigV4 scope names the service s3', () => {
    expect(isS3Request(req('/b/k', { authorization: v4('s3') }))).toBe(true);
    expect(isS3Request(req('/b/k', { authorization: v4('sagemaker') }))).toBe(false);
    expect(
      isS3Request(
        req('/b/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261127%2Fus-east-1%2Fs3%2Faws4_request'),
      ),
    ).toBe(true);
    expect(isS3Request(req('/b/k?X-Amz-Credential=AKIA%2F20261127%2Fus-east-1%2Flogs%2Faws4_request'))).toBe(false);
    expect(isS3Request(req('/api/v1/me'))).toBe(false);
    expect(isS3Request(req('/', { authorization: v4('s3'), 'x-amz-target': 'SageMaker.ListDomains' }))).toBe(false);
  });

  it('takes SigV2: presigned URLs with all three parameters, and the header (which S3 then refuses)', () => {
    expect(isS3Request(req('/b/k?AWSAccessKeyId=TKIA&Signature=abc%3D&Expires=1796500060'))).toBe(true);
    expect(isS3Request(req('/b/k?AWSAccessKeyId=TKIA&Expires=1796500060'))).toBe(false);
    expect(isS3Request(req('/b/k', { authorization: 'AWS TKIA:c2lnbmF0dXJl' }))).toBe(true);
    expect(isS3Request(req('/b/k', { authorization: 'AWS4-HMAC-SHA256 Credential=bad' }))).toBe(false);
    expect(isS3Request(req('/b/k', { authorization: 'Bearer abc' }))).toBe(false);
  });
});
