import { describe, expect, it } from 'vitest';
import type { IncomingRequest } from '../aws/sigv4.ts';
import { canonicalResource, stringToSignV2, verifySigV2 } from './sigv2.ts';

// Presigned by botocore itself (1.29.27 and 1.43.11 sign these alike) with time.time() held at NOW:
// generate_presigned_url(…, ExpiresIn=60 or 3600) for endpoint http://127.0.0.1:8080, region us-east-1.
const SECRET = 's3cr3t/+Key=';
const TOKEN = 'FQoGZXIvYXdzEXAMPLE+token/==';
const NOW = 1796500000 * 1000;
const BOTOCORE = {
  get:
    '/data/notes%20with%20space%2Bplus/%C3%BC~x.txt?AWSAccessKeyId=TKIAEXAMPLE00000' +
    '&Signature=r%2FTLFGRtC%2FOug1w2ER26yt6K3pA%3D&Expires=1796503600',
  head: '/data/k?AWSAccessKeyId=TKIAEXAMPLE00000&Signature=7YeDP9t2hlUrVprCgHok5y4YEhk%3D&Expires=1796500060',
  getResponse:
    '/data/k?response-content-type=text%2Fplain%3B%20charset%3Dutf-8' +
    '&response-content-disposition=attachment%3B%20filename%3D%22a%20b.txt%22' +
    '&AWSAccessKeyId=TKIAEXAMPLE00000&Signature=SMz6wxRLGKBp2Y9QFaYwSp6lxrY%3D&Expires=1796500060',
  putTyped:
    '/data/k.csv?AWSAccessKeyId=TKIAEXAMPLE00000&Signature=%2BERJllFsPGYOBBvG9jNP9byTyEA%3D' +
    '&content-type=text%2Fcsv&x-amz-meta-origin=presign&Expires=1796500060',
  putToken:
    '/data/k?AWSAccessKeyId=ASIAEXAMPLE0000&Signature=Wzrg9biCNB1h%2F5CPaSQCTdBzkms%3D' +
    '&x-amz-security-token=FQoGZXIvYXdzEXAMPLE%2Btoken%2F%3D%3D&Expires=1796500060',
  uploadPart:
    '/data/k?uploadId=u%20p&partNumber=2&AWSAccessKeyId=TKIAEXAMPLE00000' +
    '&Signature=kmuqf55uUR4hDyuXKZGRZcLrDhY%3D&Expires=1796500060',
};

// Where the two sign differently: operations whose URI in the service model carries a query.
const list = (signature: string) =>
  `/data?list-type=2&prefix=a%2F&encoding-type=url&AWSAccessKeyId=TKIAEXAMPLE00000&Signature=${signature}` +
  '&Expires=1796500060';
const BY_VERSION = {
  '1.29.27': {
    list: list('0jMfumUoweT1tUaK%2BvohIrc5fCk%3D'),
    location: '/data?location&AWSAccessKeyId=TKIAEXAMPLE00000&Signature=JdBcmX%2B%2BkBcpd7DbDct0%2BSrgMq0%3D',
    uploads: '/data/k?uploads&AWSAccessKeyId=TKIAEXAMPLE00000&Signature=%2B2EoGy9MCOFQo4L0bqIfo16AFr0%3D',
  },
  '1.43.11': {
    list: list('U7IrGHRt0c6h9Nlj82DiURnOM8U%3D'),
    location: '/data?location&AWSAccessKeyId=TKIAEXAMPLE00000&Signature=VJ1eABGzwn%2FJHP60s%2BTOqu5Ptzw%3D',
    uploads: '/data/k?uploads&AWSAccessKeyId=TKIAEXAMPLE00000&Signature=pUB2ZUQJVMthHyklbdaWqGDCVqI%3D',
  },
};

const principal = { userId: 'u', username: 'u', isAdmin: false, via: { kind: 'session' as const } };
const seen: [string, string | undefined][] = [];
const resolveKey = async (id: string, token: string | undefined) => {
  seen.push([id, token]);
  if (id === 'TKIAEXAMPLE00000' && token === undefined) return { secretAccessKey: SECRET, principal };
  if (id === 'ASIAEXAMPLE0000' && token === TOKEN) return { secretAccessKey: SECRET, principal };
  if (id === 'ASIAEXPIRED0000') return 'expired' as const;
  return undefined;
};

const request = (method: string, url: string, headers: Record<string, string> = {}): IncomingRequest => {
  const q = url.indexOf('?');
  return { method, rawPath: url.slice(0, q), rawQuery: url.slice(q + 1), headers };
};
const verify = (req: IncomingRequest, now = NOW) =>
  verifySigV2(req, { resolveKey, maxSkewSeconds: 300, now: () => now });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'none' }),
    (e: { code: string; status: number; message: string; fields?: Record<string, string> }) => e,
  );

describe('SigV2 presigned URLs, as botocore signs them', () => {
  it('accepts GET and HEAD with keys escaped as botocore escapes them, as an unsigned payload', async () => {
    const got = await verify(request('GET', BOTOCORE.get));
    expect(got).toMatchObject({ principal, payloadHash: 'UNSIGNED-PAYLOAD' });
    expect(await verify(request('HEAD', BOTOCORE.head))).toMatchObject({ principal });
    expect(await refusal(verify(request('GET', BOTOCORE.head)))).toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 403,
    });
    // The signer never chains chunk signatures from a SigV2 request.
    await expect(got.chunkSigner.chunk('', '')).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('signs the sub-resources botocore signs (values decoded, sorted), and only those', async () => {
    expect(canonicalResource('/data/k', 'uploadId=u%20p&partNumber=2&AWSAccessKeyId=X&uploads&x-id=PutObject')).toBe(
      '/data/k?partNumber=2&uploadId=u p&uploads',
    );
    await verify(request('PUT', BOTOCORE.uploadPart));

    await verify(request('GET', BOTOCORE.getResponse));
    // A parameter S3 does not sign may be added; one it signs may not be changed.
    await verify(request('GET', `${BOTOCORE.getResponse}&prefix=anything`));
    expect(
      await refusal(verify(request('GET', BOTOCORE.getResponse.replace('text%2Fplain', 'text%2Fhtml')))),
    ).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(
      await refusal(verify(request('PUT', BOTOCORE.uploadPart.replace('partNumber=2', 'partNumber=3')))),
    ).toMatchObject({ code: 'SignatureDoesNotMatch' });
  });

  it.each(Object.entries(BY_VERSION))(
    'accepts what botocore %s signs for a bucket (/data/) and for URIs with a query of the model',
    async (_version, urls) => {
      await verify(request('GET', urls.list));
      await verify(request('GET', `${urls.location}&Expires=1796500060`));
      await verify(request('POST', `${urls.uploads}&Expires=1796500060`));
      // Neither form stretches to another request.
      expect(await refusal(verify(request('GET', urls.list.replace('/data?', '/other?'))))).toMatchObject({
        code: 'SignatureDoesNotMatch',
      });
      expect(
        await refusal(verify(request('POST', `${urls.uploads.replace('/data/k', '/data/j')}&Expires=1796500060`))),
      ).toMatchObject({ code: 'SignatureDoesNotMatch' });
    },
  );

  it('reads Content-Type and x-amz-* from the header when sent, else from the query botocore put them in', async () => {
    await verify(request('PUT', BOTOCORE.putTyped));
    await verify(request('PUT', BOTOCORE.putTyped, { 'content-type': 'text/csv', 'x-amz-meta-origin': 'presign' }));
    expect(stringToSignV2(request('PUT', BOTOCORE.putTyped), '1796500060')).toBe(
      'PUT\n\ntext/csv\n1796500060\nx-amz-meta-origin:presign\n/data/k.csv',
    );
    for (const headers of [
      { 'content-type': 'text/html' } as Record<string, string>,
      { 'x-amz-meta-origin': 'forged' },
      { 'x-amz-meta-added': 'in transit' },
      { 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==' },
    ]) {
      expect(await refusal(verify(request('PUT', BOTOCORE.putTyped, headers)))).toMatchObject({
        code: 'SignatureDoesNotMatch',
        fields: { AWSAccessKeyId: 'TKIAEXAMPLE00000' },
      });
    }
  });

  it('hands the session token of temporary credentials to the key lookup', async () => {
    seen.length = 0;
    await verify(request('PUT', BOTOCORE.putToken));
    expect(seen).toEqual([['ASIAEXAMPLE0000', TOKEN]]);
    const forged = BOTOCORE.putToken.replace('EXAMPLE%2Btoken', 'EXAMPLE%2Bother');
    expect(await refusal(verify(request('PUT', forged)))).toMatchObject({ code: 'InvalidToken', status: 400 });
    const expired = BOTOCORE.putToken.replace('ASIAEXAMPLE0000', 'ASIAEXPIRED0000');
    expect(await refusal(verify(request('PUT', expired)))).toMatchObject({ code: 'ExpiredToken', status: 400 });
    const unknown = BOTOCORE.head.replace('TKIAEXAMPLE00000', 'TKIAUNKNOWN00000');
    expect(await refusal(verify(request('HEAD', unknown)))).toMatchObject({ code: 'InvalidAccessKeyId', status: 403 });
  });

  it('refuses a URL after its Expires, or one meant to last more than 7 days', async () => {
    expect(await refusal(verify(request('HEAD', BOTOCORE.head), 1796500061 * 1000))).toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: 'Request has expired',
      fields: { Expires: '2026-12-05T19:47:40.000Z', ServerTime: '2026-12-05T19:47:41.000Z' },
    });
    // Expires is signed: moving it breaks the signature, and a far one is refused before any lookup.
    expect(
      await refusal(verify(request('HEAD', BOTOCORE.head.replace('Expires=1796500060', 'Expires=1796500070')))),
    ).toMatchObject({ code: 'SignatureDoesNotMatch' });
    const far = BOTOCORE.head.replace('Expires=1796500060', `Expires=${1796500000 + 8 * 24 * 3600}`);
    expect(await refusal(verify(request('HEAD', far)))).toMatchObject({
      code: 'AuthorizationQueryParametersError',
      status: 400,
    });
  });

  it('refuses URLs missing a parameter, and payload hashes that need SigV4', async () => {
    for (const url of [
      BOTOCORE.head.replace(/&Signature=[^&]*/, ''),
      BOTOCORE.head.replace(/&Expires=\d+/, ''),
      `${BOTOCORE.head}&Expires=1796500060`,
    ]) {
      expect(await refusal(verify(request('HEAD', url)))).toMatchObject({ code: 'AccessDenied', status: 403 });
    }
    expect(
      await refusal(
        verify(request('PUT', BOTOCORE.putTyped, { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' })),
      ),
    ).toMatchObject({ code: 'InvalidRequest', status: 400 });
  });
});
