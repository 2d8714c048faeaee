// REST shapes and routes for signing in without a local password: a domain's OpenID Connect
// provider and its members' sign-in URLs, and one-time links (invitations, password resets).
// Spread into the route table in routes.ts.
import { z } from 'zod';
import { ZEntityName } from '../sagemaker/common.ts';
import type { RestRoute } from './routes.ts';

/** The rule for every password a person sets (the same as createUser's and changePassword's). */
export const ZNewPassword = z.string().min(12, 'at least 12 characters').max(1024);

export const ZOneTimeLinkRequestSchema = z.strictObject({
  /** How long the link works; invitations default to 7 days, password resets to 1 hour. */
  expiresInHours: z.number().int().min(1).max(720).optional(),
});
/** The link is shown once, to the administrator who asked for it; only its hash is stored. */
export const ZOneTimeLinkResponseSchema = z.object({ url: z.string(), expiresAt: z.string() });
export type OneTimeLinkResponse = z.infer<typeof ZOneTimeLinkResponseSchema>;

const ZScopes = z
  .string()
  .max(512)
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'space-separated scope names')
  .refine((s) => s.split(' ').includes('openid'), 'must include openid');

export const ZPutIdentityProviderRequestSchema = z.strictObject({
  /** The OpenID issuer; its /.well-known/openid-configuration must answer. */
  issuer: z.url({ protocol: /^https?$/ }).max(2048),
  clientId: z.string().min(1).max(512),
  /**
   * Omitted: the stored secret is kept if issuer and clientId are unchanged (otherwise there is
   * none). A public client (PKCE only) has none.
   */
  clientSecret: z.string().min(1).max(4096).optional(),
  scopes: ZScopes.optional(),
  /** The ID token or userinfo claim matched against a profile's SingleSignOnUserValue. */
  usernameClaim: z.string().min(1).max(128).optional(),
});
export type PutIdentityProviderRequest = z.infer<typeof ZPutIdentityProviderRequestSchema>;

export const ZIdentityProviderView = z.object({
  domainId: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  scopes: z.string(),
  usernameClaim: z.string(),
  /** Whether a client secret is stored; the secret itself is never returned. */
  hasClientSecret: z.boolean(),
  /** Where members sign in (then pick their profile). */
  loginUrl: z.string(),
  /** The redirect URI to register with the provider. */
  redirectUri: z.string(),
  updatedAt: z.string(),
});
export type IdentityProviderView = z.infer<typeof ZIdentityProviderView>;

export const ZSsoMember = z.object({
  userProfileName: ZEntityName,
  singleSignOnUserValue: z.string(),
  /** Opens Studio as this profile after signing in at the provider. */
  url: z.string(),
  /** The Tessera user who signed in as this profile last, if anyone has yet. */
  username: z.string().nullable(),
});
export const ZListSsoMembersResponseSchema = z.object({ members: z.array(ZSsoMember) });

export const ssoRoutes = {
  createInvite: {
    method: 'post',
    path: '/api/v1/users/:username/invite',
    summary: 'Create a one-time link with which a user sets their first password',
    access: 'admin',
    body: ZOneTimeLinkRequestSchema,
    response: ZOneTimeLinkResponseSchema,
  },
  createPasswordReset: {
    method: 'post',
    path: '/api/v1/users/:username/password-reset',
    summary: "Create a one-time link that resets a user's password; their sessions end",
    access: 'admin',
    body: ZOneTimeLinkRequestSchema,
    response: ZOneTimeLinkResponseSchema,
  },
  getIdentityProvider: {
    method: 'get',
    path: '/api/v1/domains/:domainId/identity-provider',
    summary: "An SSO domain's OpenID Connect provider (no secret)",
    access: 'admin',
    response: ZIdentityProviderView,
  },
  putIdentityProvider: {
    method: 'post',
    path: '/api/v1/domains/:domainId/identity-provider',
    summary: "Set an SSO domain's OpenID Connect provider",
    access: 'admin',
    body: ZPutIdentityProviderRequestSchema,
    response: ZIdentityProviderView,
  },
  deleteIdentityProvider: {
    method: 'delete',
    path: '/api/v1/domains/:domainId/identity-provider',
    summary: "Remove an SSO domain's OpenID Connect provider",
    access: 'admin',
  },
  listSsoMembers: {
    method: 'get',
    path: '/api/v1/domains/:domainId/identity-provider/members',
    summary: "An SSO domain's user profiles and the URL each member signs in at",
    access: 'admin',
    response: ZListSsoMembersResponseSchema,
  },
} satisfies Record<string, RestRoute>;
