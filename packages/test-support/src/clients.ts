// Real clients against a running server: REST sign-in with a cookie, and SageMaker SDK clients
// with access keys issued through the REST API, as a user would get them.
import { SageMakerClient } from '@aws-sdk/client-sagemaker';

export interface Session {
  cookie: string;
  rest<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }>;
}

export async function signIn(baseUrl: string, username: string, password: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  return {
    cookie,
    async rest(method, path, body) {
      const r = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          ...(body !== undefined ? { 'content-type': 'application/json' } : { 'x-requested-with': 'tessera-test' }),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : undefined, headers: r.headers };
    },
  };
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export async function issueAccessKey(session: Session): Promise<Credentials> {
  const r = await session.rest('POST', '/api/v1/me/access-keys');
  if (r.status !== 200) throw new Error(`could not issue an access key: ${JSON.stringify(r.body)}`);
  return { accessKeyId: r.body.accessKeyId, secretAccessKey: r.body.secretAccessKey };
}

export function sageMakerClient(
  baseUrl: string,
  credentials: Credentials,
  extra: Record<string, unknown> = {},
): SageMakerClient {
  return new SageMakerClient({ endpoint: baseUrl, region: 'us-east-1', credentials, maxAttempts: 1, ...extra });
}

/** Signs in as the bootstrap admin and returns an SDK client with a fresh access key. */
export async function adminClients(server: { url: string; adminPassword: string }) {
  const session = await signIn(server.url, 'admin', server.adminPassword);
  const credentials = await issueAccessKey(session);
  return { session, credentials, sagemaker: sageMakerClient(server.url, credentials) };
}
