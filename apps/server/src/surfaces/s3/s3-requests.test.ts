import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isS3Request, looksLikeS3 } from './s3-requests.ts';

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

describe('looksLikeS3 (for requests nothing else routed)', () => {
  it('takes unsigned or half-signed S3 calls', () => {
    expect(looksLikeS3(req('/b/k?list-type=2'))).toBe(true);
    expect(looksLikeS3(req('/b?uploads'))).toBe(true);
    expect(looksLikeS3(req('/b/k?tagging'))).toBe(true);
    expect(looksLikeS3(req('/b/k?response-content-type=text%2Fhtml'))).toBe(true);
    expect(looksLikeS3(req('/b/k?AWSAccessKeyId=TKIA'))).toBe(true);
    expect(looksLikeS3(req('/b/k?Signature=abc&Expires=1'))).toBe(true);
    expect(looksLikeS3(req('/b/k?X-Amz-Signature=00'))).toBe(true);
    expect(looksLikeS3(req('/b/k', { authorization: 'AWS4-HMAC-SHA256 Credential=bad' }))).toBe(true);
    expect(looksLikeS3(req('/b/k', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }))).toBe(true);
    expect(looksLikeS3(req('/b/k', { 'access-control-request-headers': 'authorization,x-amz-date' }))).toBe(true);
  });

  it("leaves other services' calls, Tessera's own paths and plain requests to the web app", () => {
    expect(looksLikeS3(req('/b/k'))).toBe(false);
    expect(looksLikeS3(req('/favicon.ico?v=2'))).toBe(false);
    expect(looksLikeS3(req('/endpoints/e/invocationz', { authorization: v4('sagemaker'), 'x-amz-date': 'x' }))).toBe(
      false,
    );
    expect(looksLikeS3(req('/b/k?X-Amz-Credential=AKIA%2F20261127%2Fus-east-1%2Flogs%2Faws4_request'))).toBe(false);
    expect(looksLikeS3(req('/x', { 'x-amz-target': 'SageMaker.ListDomains', 'x-amz-date': 'x' }))).toBe(false);
    expect(looksLikeS3(req('/api/v1/nothing?prefix=a', { 'x-amz-date': 'x' }))).toBe(false);
    expect(looksLikeS3(req('/studio/nothing?delete'))).toBe(false);
    expect(looksLikeS3(req('/share/token?list-type=2'))).toBe(false);
  });
});
