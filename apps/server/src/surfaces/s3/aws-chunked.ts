// Decodes S3's `Content-Encoding: aws-chunked` bodies as they stream:
//   <hex size>[;chunk-signature=<64 hex>]\r\n <data> \r\n … 0[;chunk-signature=…]\r\n [trailers] \r\n
// The unsigned form (STREAMING-UNSIGNED-PAYLOAD-TRAILER) is what current AWS SDKs send for
// streams, with a checksum trailer; the signed forms chain a signature over every chunk from the
// request's own signature, so each chunk is verified before the next is accepted. Data is passed
// on as it arrives (never a whole chunk held in memory); whoever stores it must discard it if the
// stream errors, which it does on any bad signature, malformed framing or short body.
import { createHash, timingSafeEqual, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { ChunkSigner } from '../aws/sigv4.ts';
import { s3Error } from '../../platform/objects/s3-errors.ts';

export interface AwsChunkedOptions {
  /** Verify chunk (and trailer) signatures: the STREAMING-AWS4-HMAC-SHA256-PAYLOAD forms. */
  signer?: ChunkSigner;
  /** Trailing headers follow the last chunk (the *-TRAILER forms). */
  trailer: boolean;
  /** x-amz-decoded-content-length, when sent: the data must add up to exactly this. */
  decodedLength?: number;
}

const MAX_LINE = 4096;
const CHUNK_LINE_RE = /^([0-9a-fA-F]{1,15})(?:;chunk-signature=([0-9a-f]{64}))?$/;

type State = 'size' | 'data' | 'dataEnd' | 'trailer' | 'done';

export class AwsChunkedDecoder extends Transform {
  /** Trailing headers (lower-case names), complete once the stream has ended. */
  readonly trailers: Record<string, string> = {};
  private state: State = 'size';
  private line = '';
  private remaining = 0;
  private decoded = 0;
  private chunkHash: Hash | undefined;
  private chunkSignature = '';
  private previousSignature: string;
  private canonicalTrailer = '';

  constructor(private readonly opts: AwsChunkedOptions) {
    super();
    this.previousSignature = opts.signer?.seedSignature ?? '';
  }

  override _transform(buf: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.consume(buf).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    // Clients may end right after the trailers without the closing empty line.
    if (this.state === 'trailer' && this.line === '' && !this.opts.signer) this.state = 'done';
    if (this.state !== 'done')
      return done(s3Error('IncompleteBody', 'The aws-chunked body ended before its final chunk'));
    if (this.opts.decodedLength !== undefined && this.decoded !== this.opts.decodedLength) {
      return done(
        s3Error(
          'IncompleteBody',
          `The decoded body has ${this.decoded} bytes, x-amz-decoded-content-length says ${this.opts.decodedLength}`,
        ),
      );
    }
    done();
  }

  private async consume(buf: Buffer): Promise<void> {
    let i = 0;
    while (i < buf.length) {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, buf.length - i);
        const piece = buf.subarray(i, i + n);
        this.chunkHash?.update(piece);
        this.push(piece);
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) this.state = 'dataEnd';
        continue;
      }
      if (this.state === 'done') {
        // Only line ends may follow the end of the body.
        if (buf[i] !== 0x0d && buf[i] !== 0x0a)
          throw s3Error('IncompleteBody', 'Unexpected bytes after the end of the aws-chunked body');
        i++;
        continue;
      }
      // The other states read CRLF-terminated lines.
      const lf = buf.indexOf(0x0a, i);
      const end = lf < 0 ? buf.length : lf;
      this.line += buf.toString('latin1', i, end);
      if (this.line.length > MAX_LINE) throw s3Error('IncompleteBody', 'An aws-chunked line is too long');
      i = end;
      if (lf < 0) break;
      i = lf + 1;
      if (!this.line.endsWith('\r')) throw s3Error('IncompleteBody', 'aws-chunked lines must end in CRLF');
      const line = this.line.slice(0, -1);
      this.line = '';
      await this.onLine(line);
    }
  }

  private async onLine(line: string): Promise<void> {
    if (this.state === 'dataEnd') {
      if (line !== '') throw s3Error('IncompleteBody', 'An aws-chunked chunk is longer than its declared size');
      await this.checkChunk();
      this.state = 'size';
      return;
    }
    if (this.state === 'size') {
      const m = CHUNK_LINE_RE.exec(line);
      if (!m) throw s3Error('IncompleteBody', `Malformed aws-chunked chunk header "${line.slice(0, 100)}"`);
      if (this.opts.signer && !m[2])
        throw s3Error('SignatureDoesNotMatch', 'A signed aws-chunked body needs a chunk-signature on every chunk');
      const size = parseInt(m[1]!, 16);
      this.chunkSignature = m[2] ?? '';
      this.chunkHash = this.opts.signer ? createHash('sha256') : undefined;
      this.decoded += size;
      if (this.opts.decodedLength !== undefined && this.decoded > this.opts.decodedLength) {
        throw s3Error(
          'IncompleteBody',
          `The decoded body is longer than x-amz-decoded-content-length (${this.opts.decodedLength})`,
        );
      }
      if (size > 0) {
        this.remaining = size;
        this.state = 'data';
        return;
      }
      await this.checkChunk();
      this.state = this.opts.trailer ? 'trailer' : 'done';
      return;
    }
    if (this.state === 'trailer') {
      if (line === '') {
        if (this.opts.signer && this.opts.trailer)
          throw s3Error(
            'SignatureDoesNotMatch',
            'The trailer of a signed aws-chunked body must carry x-amz-trailer-signature',
          );
        this.state = 'done';
        return;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) throw s3Error('IncompleteBody', 'Malformed aws-chunked trailer');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'x-amz-trailer-signature') {
        if (this.opts.signer) {
          const expected = await this.opts.signer.trailer(this.previousSignature, this.canonicalTrailer);
          if (!sameSignature(expected, value))
            throw s3Error('SignatureDoesNotMatch', 'The trailer signature does not match');
        }
        // Signed trailers end at their signature (the closing empty line is optional).
        this.state = 'done';
        return;
      }
      this.trailers[name] = value;
      this.canonicalTrailer += `${name}:${value}\n`;
    }
  }

  private async checkChunk(): Promise<void> {
    const signer = this.opts.signer;
    if (!signer) return;
    const expected = await signer.chunk(this.previousSignature, this.chunkHash!.digest('hex'));
    if (!sameSignature(expected, this.chunkSignature))
      throw s3Error('SignatureDoesNotMatch', 'The chunk signature we calculated does not match the one you provided');
    this.previousSignature = this.chunkSignature;
  }
}

function sameSignature(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
