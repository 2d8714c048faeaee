// Where an app's Jupyter server answers and with which token. The token is sealed in the row's
// instance state (it is a credential) and only ever used server-side.
import type { App } from '@tessera/db';
import type { InstanceState } from '../../runtime/contract.ts';
import type { Services } from '../services.ts';

export interface AppEndpoint {
  url: string;
  token: string;
}

export function appEndpoint(
  s: Pick<Services, 'runtimes' | 'box'>,
  app: Pick<App, 'backend' | 'backendState'>,
): AppEndpoint | undefined {
  const state = app.backendState as InstanceState | null;
  if (!state || typeof state.sealedToken !== 'string') return undefined;
  return { url: s.runtimes.of(app.backend).url(state), token: s.box.open(state.sealedToken) };
}

/** A request to an app's Jupyter server, authenticated with its token. */
export async function jupyterFetch(
  endpoint: AppEndpoint,
  path: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<Response> {
  const { timeoutMs = 5_000, ...rest } = init;
  return fetch(`${endpoint.url}${path}`, {
    ...rest,
    headers: {
      Authorization: `token ${endpoint.token}`,
      ...(rest.body ? { 'Content-Type': 'application/json' } : {}),
      ...(rest.headers ?? {}),
    },
    signal: AbortSignal.timeout(timeoutMs),
  });
}
