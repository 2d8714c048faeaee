// A domain's OpenID Connect provider: its stored settings, the client configuration discovered
// from the issuer (cached), and the URLs members and the provider's admin need.
import * as oidc from 'openid-client';
import type { IdentityProviderView } from '@tessera/contracts';
import type { Domain, IdentityProvider } from '@tessera/db';
import { notFound, validation } from '../../platform/errors.ts';
import type { Services } from '../services.ts';

const DISCOVERY_TTL_MS = 10 * 60_000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export const redirectUri = (services: Pick<Services, 'db' | 'box' | 'config' | 'publicUrl'>, domainId: string) =>
  `${services.publicUrl()}/sso/${encodeURIComponent(domainId)}/callback`;
export const loginUrl = (services: Pick<Services, 'db' | 'box' | 'config' | 'publicUrl'>, domainId: string) =>
  `${services.publicUrl()}/sso/${encodeURIComponent(domainId)}`;
/** The URL a member opens: signs in at the provider (login_hint = their user name), then their profile's Studio. */
export const memberUrl = (
  services: Pick<Services, 'db' | 'box' | 'config' | 'publicUrl'>,
  domainId: string,
  userProfileName: string,
) => `${loginUrl(services, domainId)}?profile=${encodeURIComponent(userProfileName)}`;

export function identityProviderView(
  services: Pick<Services, 'db' | 'box' | 'config' | 'publicUrl'>,
  idp: IdentityProvider,
): IdentityProviderView {
  return {
    domainId: idp.domainId,
    issuer: idp.issuer,
    clientId: idp.clientId,
    scopes: idp.scopes,
    usernameClaim: idp.usernameClaim,
    hasClientSecret: !!idp.clientSecretEncrypted,
    loginUrl: loginUrl(services, idp.domainId),
    redirectUri: redirectUri(services, idp.domainId),
    updatedAt: idp.updatedAt.toISOString(),
  };
}

/** The domain, which must exist and use SSO (IAM domains sign in with local users). */
export async function findSsoDomain(
  services: Pick<Services, 'db' | 'box' | 'config' | 'publicUrl'>,
  domainId: string,
): Promise<Domain> {
  const domain = await services.db.domain.findUnique({ where: { id: domainId } });
  if (!domain || domain.desiredState === 'Deleted') throw notFound(`Domain ${domainId} does not exist`);
  if (domain.authMode !== 'SSO') {
    throw validation(
      `Domain ${domainId} uses AuthMode IAM: its members sign in with local users and access keys; ` +
        'only an SSO domain has an OpenID Connect provider',
    );
  }
  return domain;
}

/**
 * openid-client refuses http issuers. Plain http is accepted for a provider on this machine
 * (loopback: development and tests) or when the operator says so; never silently otherwise.
 */
function mayUseHttp(services: Pick<Services, 'db' | 'box' | 'config' | 'publicUrl'>, issuer: URL): boolean {
  return issuer.protocol === 'http:' && (LOOPBACK.has(issuer.hostname) || services.config.oidcAllowHttp);
}

export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
}

/** Fetches the issuer's discovery document; a ValidationException says why it could not. */
export async function discover(
  services: Pick<Services, 'db' | 'box' | 'config' | 'publicUrl'>,
  settings: ProviderSettings,
): Promise<oidc.Configuration> {
  const issuer = new URL(settings.issuer);
  if (issuer.protocol === 'http:' && !mayUseHttp(services, issuer)) {
    throw validation(
      `Issuer ${settings.issuer} is plain http: use https (or set TESSERA_OIDC_ALLOW_HTTP=1 for a provider on a ` +
        'trusted private network)',
    );
  }
  try {
    return await oidc.discovery(
      issuer,
      settings.clientId,
      undefined,
      settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
      { timeout: 10, ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}) },
    );
  } catch (err) {
    const reason = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
    throw validation(
      `Could not read the OpenID configuration of ${settings.issuer} ` +
        `(${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration): ${reason}`,
    );
  }
}

export interface ProviderCache {
  /** The client configuration for a domain's provider, discovered at most every ten minutes. */
  configuration(idp: IdentityProvider): Promise<oidc.Configuration>;
  forget(domainId: string): void;
}

export function createProviderCache(services: Pick<Services, 'db' | 'box' | 'config' | 'publicUrl'>): ProviderCache {
  const cache = new Map<string, { key: string; at: number; config: Promise<oidc.Configuration> }>();
  return {
    configuration(idp) {
      const key = `${idp.issuer}\n${idp.clientId}\n${idp.updatedAt.getTime()}`;
      const hit = cache.get(idp.domainId);
      if (hit && hit.key === key && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
      const clientSecret = idp.clientSecretEncrypted ? services.box.open(idp.clientSecretEncrypted) : undefined;
      const config = discover(services, { issuer: idp.issuer, clientId: idp.clientId, clientSecret });
      cache.set(idp.domainId, { key, at: Date.now(), config });
      // A provider that was down a moment ago is asked again next time, not after ten minutes.
      config.catch(() => cache.get(idp.domainId)?.config === config && cache.delete(idp.domainId));
      return config;
    },
    forget(domainId) {
      cache.delete(domainId);
    },
  };
}
