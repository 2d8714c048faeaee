// Resolves /jupyter/<domainId>/<profile>/<app>/<rest> to the app behind it, for the signed-in
// owner of the profile (or an admin). Everyone else gets 403, whether or not the profile exists.
import type { IncomingMessage } from 'node:http';
import type { App, UserProfile } from '@tessera/db';
import { appEndpoint, type AppEndpoint } from '../../resources/apps/jupyter-endpoint.ts';
import { ApiError } from '../../platform/errors.ts';
import { sessionPrincipal } from '../http/session-principal.ts';
import type { Principal } from '../../platform/identity/principal.ts';
import type { Services } from '../../resources/services.ts';
import { studioAccess } from '../../resources/profiles/studio-access.ts';

export const JUPYTER_PREFIX = '/jupyter/';
const PATH = /^\/jupyter\/([^/]+)\/([^/]+)\/([^/?]+)(\/[^?]*)?(\?.*)?$/;

export interface JupyterTarget {
  principal: Principal;
  profile: UserProfile;
  homeDir: string;
  app: App;
  endpoint: AppEndpoint;
  /** The prefix the browser used, e.g. /jupyter/d-1/alice/default */
  base: string;
  /** Path below the app (always starts with /), without the query. */
  path: string;
  search: string;
}

export class JupyterError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function resolveTarget(services: Services, req: IncomingMessage): Promise<JupyterTarget> {
  const m = PATH.exec(req.url ?? '');
  if (!m) throw new JupyterError(404, 'Jupyter paths are /jupyter/<domainId>/<userProfileName>/<appName>/...');
  const [, domainId, profileName, appName, rest, search] = m.map((p) => (p === undefined ? p : decodeURIComponent(p)));
  const principal = await sessionPrincipal(services, req as never);
  if (!principal) throw new JupyterError(401, 'Sign in first: /login');
  let access;
  try {
    access = await studioAccess(services, principal, domainId!, profileName!);
  } catch (err) {
    throw new JupyterError(403, (err as ApiError).message);
  }
  const app = await services.db.app.findFirst({
    where: {
      domainId,
      userProfileName: profileName,
      appName,
      appType: appName === 'default' ? 'JupyterServer' : 'KernelGateway',
      status: { not: 'Deleted' },
    },
  });
  if (!app) throw new JupyterError(404, `No app ${appName} is running for ${profileName}; open Studio to start it`);
  if (app.status !== 'InService')
    throw new JupyterError(503, `App ${appName} is ${app.status}${app.failureReason ? `: ${app.failureReason}` : ''}`);
  const endpoint = appEndpoint(services, app);
  if (!endpoint) throw new JupyterError(503, `App ${appName} is starting`);
  return {
    principal,
    profile: access.profile,
    homeDir: access.homeDir,
    app,
    endpoint,
    base: `/jupyter/${domainId}/${profileName}/${appName}`,
    path: rest || '/',
    search: search ?? '',
  };
}
