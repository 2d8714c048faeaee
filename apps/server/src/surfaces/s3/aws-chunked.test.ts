import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { verifySigV4 } from '../aws/sigv4.ts';
import { AwsChunkedDecoder, type AwsChunkedOptions } from './aws-chunked.ts';
import { S3_SIGV4_CODES } from './sigv4-codes.ts';

// The worked example of S3's documentation ("Signature calculations for streaming uploads"):
// 64 KiB then 1 KiB of "a", each chunk signed, chained from the request's seed signature.
const EXAMPLE = {
  key: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  seed: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  chunks: [
    [65536, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648'],
    [1024, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497'],
    [0, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9'],
  ] as const,
};

async function exampleSigner() {
  const principal = { userId: 'u', username: 'u', isAdmin: false, via: { kind: 'session' as const } };
  const verified = await verifySigV4(
    {
      method: 'PUT',
      rawPath: '/examplebucket/chunkObject.txt',
      rawQuery: '',
      headers: {
        host: 's3.amazonaws.com',
        'x-amz-date': '20130524T000000Z',
        'x-amz-storage-class': 'REDUCED_REDUNDANCY',
        authorization:
          'AWS4-HMAC-SHA256 ' +
          'Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;' +
          'content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,' +
          `Signature=${EXAMPLE.seed}`,
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '66560',
        'content-length': '66824',
      },
    },
    {
      service: 's3',
      region: 'us-east-1',
      mustSign: ['x-amz-content-sha256'],
      signAllAmzHeaders: true,
      maxSkewSeconds: 900,
      codes: S3_SIGV4_CODES,
      now: () => Date.UTC(2013, 4, 24),
      resolveKey: async (id) =>
        id === EXAMPLE.key.accessKeyId ? { secretAccessKey: EXAMPLE.key.secretAccessKey, principal } : undefined,
    },
  );
  expect(verified.payloadHash).toBe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
  return verified.chunkSigner;
}

function exampleBody(signatures: string[] = EXAMPLE.chunks.map(([, s]) => s)): Buffer {
  const parts = EXAMPLE.chunks.map(([size], i) =>
    Buffer.concat([
      Buffer.from(`${size.toString(16)};chunk-signature=${signatures[i]}\r\n`),
      Buffer.alloc(size, 'a'),
      Buffer.from('\r\n'),
    ]),
  );
  return Buffer.concat(parts);
}

/** Feeds `body` in pieces of `step` bytes (every framing boundary gets split somewhere). */
async function decode(
  body: Buffer,
  opts: AwsChunkedOptions,
  step = body.length,
): Promise<{ data: Buffer; trailers: Record<string, string> }> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += step) pieces.push(body.subarray(i, i + step));
  const decoder = new AwsChunkedDecoder(opts);
  const [data] = await Promise.all([buffer(decoder), pipeline(Readable.from(pieces), decoder)]);
  return { data, trailers: decoder.trailers };
}

describe('aws-chunked decoding', () => {
  it("verifies S3's documented example: seed signature, then every chunk signature", async () => {
    const signer = await exampleSigner();
    expect(signer.seedSignature).toBe(EXAMPLE.seed);
    const { data } = await decode(exampleBody(), { signer, trailer: false, decodedLength: 66560 }, 777);
    expect(data.equals(Buffer.alloc(66560, 'a'))).toBe(true);
  });

  it('refuses a chunk whose signature or data was changed, or a body cut short', async () => {
    const signer = await exampleSigner();
    const wrong: string[] = EXAMPLE.chunks.map(([, s]) => s);
    wrong[1] = wrong[1]!.replace(/^0/, '1');
    await expect(decode(exampleBody(wrong), { signer, trailer: false })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 403,
    });
    const tampered = exampleBody();
    tampered[200] = 'b'.charCodeAt(0);
    await expect(decode(tampered, { signer, trailer: false })).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    const unsigned = Buffer.from(
      exampleBody()
        .toString('latin1')
        .replace(/;chunk-signature=[0-9a-f]{64}/g, ''),
      'latin1',
    );
    await expect(decode(unsigned, { signer, trailer: false })).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    await expect(decode(exampleBody().subarray(0, 60000), { signer, trailer: false })).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
  });

  it('decodes the unsigned trailer form current SDKs send for streams, byte by byte', async () => {
    const body = Buffer.from('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n');
    for (const step of [1, 3, body.length]) {
      const { data, trailers } = await decode(body, { trailer: true, decodedLength: 11 }, step);
      expect(data.toString()).toBe('hello world');
      expect(trailers).toEqual({ 'x-amz-checksum-crc32': 'DUoRhQ==' });
    }
    // The closing empty line is optional.
    expect((await decode(body.subarray(0, -2), { trailer: true })).data.toString()).toBe('hello world');
  });

  it('refuses malformed framing and a length that disagrees with x-amz-decoded-content-length', async () => {
    await expect(decode(Buffer.from('zz\r\nhello\r\n0\r\n\r\n'), { trailer: false })).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
    await expect(decode(Buffer.from('3\r\nhello\r\n0\r\n\r\n'), { trailer: false })).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
    await expect(decode(Buffer.from('5\nhello\n0\n\n'), { trailer: false })).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
    await expect(
      decode(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), { trailer: false, decodedLength: 6 }),
    ).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(
      decode(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), { trailer: false, decodedLength: 4 }),
    ).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(decode(Buffer.from('5\r\nhello\r\n'), { trailer: false })).rejects.toMatchObject({
      code: 'IncompleteBody',
    });
  });
});
