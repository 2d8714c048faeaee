// Shared by the S3 integration tests: SDK clients for a server, and hand-signed raw requests
// (with the AWS SDK's own signer) for what a well-behaved client never sends: tampered bodies,
// signed aws-chunked bodies, paths with "..".
import { request } from 'node:http';
import { S3Client } from '@aws-sdk/client-s3';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from '@tessera/test-support';

export function s3Client(url: string, credentials: Credentials, extra: Record<string, unknown> = {}): S3Client {
  return new S3Client({
    endpoint: url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    maxAttempts: 1,
    ...extra,
  });
}

export const s3Signer = (credentials: Credentials) =>
  new SignatureV4({
    credentials,
    region: 'us-east-1',
    service: 's3',
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: false,
    applyChecksum: false,
  });

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends a request exactly as given (no path normalisation), over node:http. */
export function send(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        method,
        path,
        headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Signs headers (host included) for `path` and sends it; `payloadHash` goes in x-amz-content-sha256. */
export async function signedRequest(
  url: string,
  credentials: Credentials,
  opts: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    payloadHash: string;
    body?: Buffer;
    signingDate?: Date;
  },
): Promise<RawResponse & { signature: string; signingDate: Date }> {
  const { host } = new URL(url);
  const signingDate = opts.signingDate ?? new Date();
  const [path, query] = opts.path.split('?', 2) as [string, string | undefined];
  const signed = await s3Signer(credentials).sign(
    new HttpRequest({
      method: opts.method,
      hostname: host,
      path,
      query: Object.fromEntries(new URLSearchParams(query ?? '')),
      headers: { host, 'x-amz-content-sha256': opts.payloadHash, ...opts.headers },
    }),
    { signingDate },
  );
  const headers = signed.headers as Record<string, string>;
  const signature = /Signature=([0-9a-f]{64})/.exec(headers.authorization!)![1]!;
  return { ...(await send(url, opts.method, opts.path, headers, opts.body)), signature, signingDate };
}

export const errorCode = (body: string) => /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
