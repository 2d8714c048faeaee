// The server's own SigV4 check (verifySigV4, which signs the request again with the AWS SDK's
// signer) timed in this process on the same request the bench replays: how much of the server's
// CPU per invocation authentication alone accounts for.
import { verifySigV4 } from '../../apps/server/src/surfaces/aws/sigv4.ts';
import type { Credentials } from '@tessera/test-support';
import { presignInvoke } from './aws.ts';

export async function sigv4MicrosPerCall(
  serverUrl: string,
  credentials: Credentials,
  endpoint: string,
  body: Buffer,
  contentType: string,
  n = 5000,
): Promise<number> {
  const signed = await presignInvoke(serverUrl, credentials, endpoint, body, contentType);
  const headers: Record<string, string> = {
    host: new URL(serverUrl).host,
    'content-length': String(body.length),
    connection: 'keep-alive',
  };
  for (const [k, v] of Object.entries(signed)) headers[k.toLowerCase()] = v;
  const resolved = {
    secretAccessKey: credentials.secretAccessKey,
    principal: {
      userId: 'bench',
      username: 'bench',
      isAdmin: true,
      via: { kind: 'accessKey' as const, accessKeyId: credentials.accessKeyId },
    },
  };
  const opts = {
    service: 'sagemaker',
    region: 'us-east-1',
    mustSign: [],
    maxSkewSeconds: 900,
    resolveKey: async () => resolved,
  };
  const request = { method: 'POST', rawPath: `/endpoints/${endpoint}/invocations`, rawQuery: '', headers, body };
  for (let i = 0; i < 500; i++) await verifySigV4(request, opts);
  const t = performance.now();
  for (let i = 0; i < n; i++) await verifySigV4(request, opts);
  return ((performance.now() - t) * 1000) / n;
}
