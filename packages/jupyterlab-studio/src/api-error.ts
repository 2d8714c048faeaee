/** A REST error as the server reports it ({error: {code, message}}), with the HTTP status. */
export class StudioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** fetch + JSON + the server's error format. Unsafe methods carry JSON or X-Requested-With (CSRF guard). */
export async function requestJson<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', 'x-requested-with': 'tessera-studio' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    throw new StudioApiError(
      res.status,
      body?.error?.code ?? `Http${res.status}`,
      body?.error?.message ?? (text.slice(0, 200) || res.statusText),
    );
  }
  return body as T;
}
