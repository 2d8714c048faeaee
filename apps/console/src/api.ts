// The REST client: the session cookie rides along (same origin) and every unsafe request carries
// JSON or X-Requested-With, which the server's CSRF rule requires. Errors keep the server's code
// and message so pages can show them as they are.
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T = unknown>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body !== undefined ? { 'content-type': 'application/json' } : { 'x-requested-with': 'tessera-console' },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (res.status === 401) {
    // The session ended (signed out elsewhere, expired): sign in again and come back here.
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
    throw new RestError(401, 'Unauthenticated', 'Your session ended; signing in again…');
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok)
    throw new RestError(
      res.status,
      data?.error?.code ?? 'Error',
      data?.error?.message ?? `${method} ${path} failed (${res.status})`,
    );
  return data as T;
}

export const enc = encodeURIComponent;
