import type { IncomingMessage } from 'node:http';
import { SageMakerErrorCode } from '@tessera/contracts';
import { ApiError } from '../../platform/errors.ts';

/** Reads a request body up to `limit` bytes; a larger one is refused (413) without reading on. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new ApiError(
      SageMakerErrorCode.RequestEntityTooLarge,
      `Request body is larger than this server accepts (${limit} bytes, TESSERA_MAX_BODY_BYTES)`,
      413,
    );
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
