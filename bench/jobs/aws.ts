// Requests the bench signs itself with the AWS SDK's signer: S3 uploads (bench has no S3 client
// dependency, and a bucket and two objects do not need one) and an InvokeEndpoint request signed
// once and replayed, so a plain keep-alive client measures the server without the SDK's own CPU.
import { createHash } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from '@tessera/test-support';

const signer = (credentials: Credentials, service: string) =>
  new SignatureV4({
    credentials,
    region: 'us-east-1',
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: service !== 's3',
  });

async function signed(
  base: string,
  credentials: Credentials,
  service: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer,
) {
  const url = new URL(base);
  const request = await signer(credentials, service).sign(
    new HttpRequest({
      method,
      hostname: url.hostname,
      port: Number(url.port),
      path,
      headers: { host: url.host, ...headers },
      body,
    }),
  );
  const { host: _host, ...rest } = request.headers;
  return rest;
}

async function s3(base: string, credentials: Credentials, path: string, body: Buffer = Buffer.alloc(0)): Promise<void> {
  const headers = await signed(
    base,
    credentials,
    's3',
    'PUT',
    path,
    { 'x-amz-content-sha256': createHash('sha256').update(body).digest('hex') },
    body,
  );
  const res = await fetch(`${base}${path}`, { method: 'PUT', headers, body: new Uint8Array(body) });
  if (res.status !== 200) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
}

export const createBucket = (base: string, credentials: Credentials, bucket: string) =>
  s3(base, credentials, `/${bucket}`);

export async function putObject(
  base: string,
  credentials: Credentials,
  bucket: string,
  key: string,
  body: Buffer,
): Promise<string> {
  await s3(base, credentials, `/${bucket}/${key}`, body);
  return `s3://${bucket}/${key}`;
}

export async function getObject(base: string, credentials: Credentials, bucket: string, key: string): Promise<Buffer> {
  const path = `/${bucket}/${key}`;
  const headers = await signed(
    base,
    credentials,
    's3',
    'GET',
    path,
    { 'x-amz-content-sha256': createHash('sha256').digest('hex') },
    Buffer.alloc(0),
  );
  const res = await fetch(`${base}${path}`, { headers });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}

/** Headers of one InvokeEndpoint request, valid to replay for the server's clock-skew window (15 min). */
export function presignInvoke(
  base: string,
  credentials: Credentials,
  endpoint: string,
  body: Buffer,
  contentType: string,
) {
  return signed(
    base,
    credentials,
    'sagemaker',
    'POST',
    `/endpoints/${endpoint}/invocations`,
    { 'content-type': contentType, accept: contentType },
    body,
  );
}
