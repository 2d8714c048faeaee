// Hand-built SageMaker API requests, signed with the AWS SDK's own SigV4 signer, for the cases a
// well-behaved SDK client will not produce: malformed JSON, unknown operations, stale dates,
// tampered bodies.
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './clients.ts';

export interface RawOptions {
  target?: string; // e.g. "SageMaker.ListDomains"; omitted: no X-Amz-Target header
  body?: string | Buffer;
  signingDate?: Date;
  service?: string;
  region?: string;
  headers?: Record<string, string>;
  /** Change the body after signing (the signature then no longer covers it). */
  tamperBody?: string;
  unsigned?: boolean;
}

export async function rawSageMakerRequest(
  baseUrl: string,
  credentials: Credentials | undefined,
  opts: RawOptions = {},
) {
  const url = new URL(baseUrl);
  const body = opts.body ?? '{}';
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.1',
    ...(opts.target ? { 'x-amz-target': opts.target } : {}),
    ...opts.headers,
  };
  let finalHeaders = headers;
  if (!opts.unsigned && credentials) {
    const signer = new SignatureV4({
      credentials,
      region: opts.region ?? 'us-east-1',
      service: opts.service ?? 'sagemaker',
      sha256: Hash.bind(null, 'sha256'),
    });
    const signed = await signer.sign(
      new HttpRequest({ method: 'POST', hostname: url.hostname, port: Number(url.port), path: '/', headers, body }),
      {
        signingDate: opts.signingDate,
      },
    );
    finalHeaders = signed.headers as Record<string, string>;
  }
  const { host: _host, ...sendHeaders } = finalHeaders;
  const payload = opts.tamperBody ?? body;
  const res = await fetch(`${baseUrl}/`, {
    method: 'POST',
    headers: sendHeaders,
    body: typeof payload === 'string' ? payload : new Uint8Array(payload),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text, headers: res.headers };
}
