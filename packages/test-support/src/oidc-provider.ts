// A real OpenID Connect provider for tests (oidc-provider, the certified Node implementation) on
// a random loopback port: one client, any login name accepted at its sign-in form (the password
// is not checked), consent granted without asking (a first-party client). Claims derive from the
// login name: preferred_username is the name itself, and the email is verified unless the name
// begins with "unverified." (as a provider does for an address nobody has confirmed yet).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

export interface TestOidcProviderOptions {
  clientId?: string;
  /** Omitted: a public client (PKCE only, token_endpoint_auth_method none). */
  clientSecret?: string | null;
  redirectUris: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** Why the provider rejected requests, as it explained them (for failure messages). */
  errors: string[];
  close(): Promise<void>;
}

export async function startOidcProvider(opts: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const clientId = opts.clientId ?? 'tessera';
  const clientSecret = opts.clientSecret === null ? undefined : (opts.clientSecret ?? 'tessera-test-client-secret');
  // The issuer names the port, so listen first and hand requests to the provider once it exists.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        ...(clientSecret ? { client_secret: clientSecret } : { token_endpoint_auth_method: 'none' }),
        redirect_uris: opts.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: { openid: ['sub'], profile: ['preferred_username', 'name'], email: ['email', 'email_verified'] },
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            preferred_username: id,
            name: `Test user ${id}`,
            email: `${id}@example.test`,
            email_verified: !id.startsWith('unverified.'),
          };
        },
      };
    },
    pkce: { required: () => true },
    // Set, so the provider does not print a notice about each default on first use.
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    // Skip the consent screen: as an organisation's own IdP does for its own applications.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ['tessera-test-oidc-cookie-key'] },
  };
  const provider = new Provider(issuer, configuration);
  // oidc-provider explains every rejected request on this event; a test failure needs that text.
  const errors: string[] = [];
  const record = (event: string) => (_ctx: unknown, err: Error & { error_description?: string }) =>
    errors.push(`${event}: ${err.message} ${err.error_description ?? ''}`);
  provider.on('authorization.error', record('authorization.error'));
  provider.on('grant.error', record('grant.error'));
  provider.on('userinfo.error', record('userinfo.error'));
  provider.on('server_error', record('server_error'));
  handle = provider.callback();
  return {
    issuer,
    clientId,
    clientSecret,
    errors,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
