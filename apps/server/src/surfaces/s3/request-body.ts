// An S3 request body as the bytes the client meant, checked as they stream: the declared
// x-amz-content-sha256 (over the bytes as sent), aws-chunked decoding with its chunk signatures,
// then Content-MD5 and the flexible checksum (x-amz-checksum-*, in a header or a trailer) over
// the decoded bytes. Every check fails the stream at its end at the latest, before the store
// renames anything into place, so a body that does not verify is never stored.
import { createHash, type BinaryLike } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { Verified } from '../aws/sigv4.ts';
import { AwsChunkedDecoder } from './aws-chunked.ts';
import type { Checksum } from '../../platform/objects/object-file.ts';
import { s3Error, type S3Error } from '../../platform/objects/s3-errors.ts';

interface Digest {
  update(data: Buffer): void;
  /** base64 for checksums, hex for the payload hash (as each header carries it). */
  digest(): string;
}

const sha = (algorithm: string, encoding: 'hex' | 'base64'): Digest => {
  const h = createHash(algorithm);
  return { update: (d) => h.update(d as BinaryLike), digest: () => h.digest(encoding) };
};

function crc32Digest(): Digest {
  let value = 0;
  return {
    update: (d) => (value = crc32(d, value)),
    digest: () => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(value >>> 0);
      return out.toString('base64');
    },
  };
}

/** The checksums Tessera computes itself; CRC32C and CRC64NVME are accepted but not checked. */
const CHECKSUMS: Partial<Record<Checksum['algorithm'], () => Digest>> = {
  crc32: crc32Digest,
  sha1: () => sha('sha1', 'base64'),
  sha256: () => sha('sha256', 'base64'),
};

interface Check {
  digest: Digest;
  /** Read at the end of the body (a trailer may only then be known). */
  expected(): string | undefined;
  mismatch(): S3Error;
  /** Keep the computed value afterwards (checksums are stored with the object). */
  onDone?(value: string): void;
}

class Checker extends Transform {
  constructor(private readonly checks: Check[]) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    for (const c of this.checks) c.digest.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    for (const c of this.checks) {
      const value = c.digest.digest();
      const expected = c.expected();
      if (expected !== undefined && expected !== value) return done(c.mismatch());
      c.onDone?.(value);
    }
    done();
  }
}

const one = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export interface RequestBody {
  stream: Readable;
  /** The flexible checksum computed over the body (valid once the stream has ended). */
  checksum(): Checksum | undefined;
}

export function requestBody(req: IncomingMessage, verified: Verified): RequestBody {
  const payloadHash = verified.payloadHash ?? 'UNSIGNED-PAYLOAD';
  const chunked =
    payloadHash.startsWith('STREAMING-') || /(^|,)\s*aws-chunked\s*(,|$)/i.test(one(req, 'content-encoding') ?? '');
  const stages: Transform[] = [];

  if (/^[0-9a-f]{64}$/.test(payloadHash)) {
    stages.push(
      new Checker([
        {
          digest: sha('sha256', 'hex'),
          expected: () => payloadHash,
          mismatch: () =>
            s3Error(
              'XAmzContentSHA256Mismatch',
              'The provided x-amz-content-sha256 header does not match what was computed.',
            ),
        },
      ]),
    );
  }

  let decoder: AwsChunkedDecoder | undefined;
  if (chunked) {
    const decodedRaw = one(req, 'x-amz-decoded-content-length');
    if (decodedRaw !== undefined && !/^\d{1,15}$/.test(decodedRaw))
      throw s3Error('InvalidArgument', 'x-amz-decoded-content-length must be a number');
    decoder = new AwsChunkedDecoder({
      signer: payloadHash.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD') ? verified.chunkSigner : undefined,
      trailer: payloadHash.endsWith('-TRAILER'),
      decodedLength: decodedRaw === undefined ? undefined : Number(decodedRaw),
    });
    stages.push(decoder);
  }

  const checks: Check[] = [];
  const md5 = one(req, 'content-md5');
  if (md5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(md5))
      throw s3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.');
    checks.push({
      digest: sha('md5', 'base64'),
      expected: () => md5,
      mismatch: () => s3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.'),
    });
  }

  // The flexible checksum: a value in a header, or named by x-amz-trailer and sent after the body.
  let stored: Checksum | undefined;
  const trailerName = one(req, 'x-amz-trailer')?.trim().toLowerCase();
  const named = (name: string | undefined) =>
    /^x-amz-checksum-(crc32|crc32c|crc64nvme|sha1|sha256)$/.exec(name ?? '')?.[1] as Checksum['algorithm'] | undefined;
  const inHeader = Object.keys(req.headers)
    .map(named)
    .find((a) => a !== undefined);
  const algorithm =
    inHeader ??
    named(trailerName) ??
    named(`x-amz-checksum-${one(req, 'x-amz-sdk-checksum-algorithm')?.toLowerCase()}`);
  const make = algorithm ? CHECKSUMS[algorithm] : undefined;
  if (algorithm && make) {
    const header = `x-amz-checksum-${algorithm}`;
    checks.push({
      digest: make(),
      expected: () =>
        inHeader ? one(req, header) : trailerName === header ? (decoder?.trailers[header] ?? '') : undefined,
      mismatch: () =>
        s3Error('BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`),
      onDone: (value) => (stored = { algorithm, value }),
    });
  }
  if (checks.length) stages.push(new Checker(checks));

  if (stages.length === 0) return { stream: req, checksum: () => undefined };
  // The request is piped in rather than joined into the pipeline: a failed check must not
  // destroy the socket, so the S3 error can still be sent (s3-api.ts decides what to do with
  // the rest of the body).
  const last = stages.length === 1 ? stages[0]! : (pipeline(stages, () => {}) as unknown as Transform);
  req.on('error', (err) => stages[0]!.destroy(err));
  req.on('aborted', () =>
    stages[0]!.destroy(s3Error('IncompleteBody', 'The client closed the connection before sending the whole body')),
  );
  req.pipe(stages[0]!);
  // The consumer may attach itself only after awaiting other work (opening the temporary file)
  // and a small body can fail its checks before that: the error must wait for it, not crash.
  last.on('error', () => {});
  return { stream: last, checksum: () => stored };
}

/** Reads a small body (an XML document) whole, with the same checks. */
export async function readSmallBody(body: RequestBody, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body.stream) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw s3Error('InvalidRequest', `The request body is larger than this operation accepts (${limit} bytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
