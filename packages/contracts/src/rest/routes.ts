// The REST surface for the UI (/api/v1): one table of routes with their shapes. The server
// registers handlers against it and the OpenAPI document is generated from it, so the two
// cannot drift apart. Domain and user-profile bodies are the SageMaker shapes themselves.
import { z } from 'zod';
import * as d from '../sagemaker/domain.ts';
import * as p from '../sagemaker/user-profile.ts';
import * as a from './auth.ts';
import * as st from './studio.ts';
import { usageRoutes } from './usage.ts';
import { bucketRoutes } from './buckets.ts';
import { shareRoutes } from './shares.ts';
import { consoleRoutes } from './console.ts';
import { ssoRoutes } from './sso.ts';
import { studioDetailRoutes } from './studio-details.ts';

export type Access = 'public' | 'user' | 'admin';

export interface RestRoute {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string; // express style, :param
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType; // absent: 204 No Content (or `produces`)
  /** A non-JSON response: the handler returns the body as a string. */
  produces?: 'text/csv';
}

const ZPageQuery = z.strictObject({
  nextToken: z.string().max(8192).optional(),
  maxResults: z.coerce.number().int().min(1).max(100).optional(),
});

export const restRoutes = {
  login: {
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Sign in with a username and password; sets the session cookie',
    access: 'public',
    body: a.ZLoginRequestSchema,
    response: a.ZLoginResponseSchema,
  },
  logout: { method: 'post', path: '/api/v1/auth/logout', summary: 'Sign out: ends the session', access: 'user' },
  me: {
    method: 'get',
    path: '/api/v1/me',
    summary: 'The signed-in user',
    access: 'user',
    response: a.ZMeResponseSchema,
  },
  changePassword: {
    method: 'post',
    path: '/api/v1/me/password',
    summary: "Change the signed-in user's password; other sessions are signed out",
    access: 'user',
    body: a.ZChangePasswordRequestSchema,
  },
  listAccessKeys: {
    method: 'get',
    path: '/api/v1/me/access-keys',
    summary: "The signed-in user's access keys (no secrets)",
    access: 'user',
    response: a.ZListAccessKeysResponseSchema,
  },
  createAccessKey: {
    method: 'post',
    path: '/api/v1/me/access-keys',
    summary: 'Issue an access key for SDK clients; the secret is returned once',
    access: 'user',
    response: a.ZCreateAccessKeyResponseSchema,
  },
  deleteAccessKey: {
    method: 'delete',
    path: '/api/v1/me/access-keys/:accessKeyId',
    summary: 'Revoke an access key',
    access: 'user',
  },
  listUsers: {
    method: 'get',
    path: '/api/v1/users',
    summary: 'All users',
    access: 'admin',
    response: a.ZListUsersResponseSchema,
  },
  createUser: {
    method: 'post',
    path: '/api/v1/users',
    summary: 'Create a local user',
    access: 'admin',
    body: a.ZCreateUserRequestSchema,
    response: a.ZCreateUserResponseSchema,
  },
  listDomains: {
    method: 'get',
    path: '/api/v1/domains',
    summary: 'Domains the user can see',
    access: 'user',
    query: ZPageQuery,
    response: d.ZListDomainsResponseSchema,
  },
  createDomain: {
    method: 'post',
    path: '/api/v1/domains',
    summary: 'Create a domain',
    access: 'admin',
    body: d.ZCreateDomainRequestSchema,
    response: d.ZCreateDomainResponseSchema,
  },
  describeDomain: {
    method: 'get',
    path: '/api/v1/domains/:domainId',
    summary: 'One domain',
    access: 'user',
    response: d.ZDescribeDomainResponseSchema,
  },
  updateDomain: {
    method: 'patch',
    path: '/api/v1/domains/:domainId',
    summary: "Update a domain's settings",
    access: 'admin',
    body: d.ZUpdateDomainRequestSchema.omit({ DomainId: true }),
    response: d.ZUpdateDomainResponseSchema,
  },
  deleteDomain: {
    method: 'delete',
    path: '/api/v1/domains/:domainId',
    summary: 'Delete a domain',
    access: 'admin',
    query: z.strictObject({ retainHome: z.enum(['true', 'false']).optional() }),
  },
  listUserProfiles: {
    method: 'get',
    path: '/api/v1/domains/:domainId/user-profiles',
    summary: "A domain's user profiles",
    access: 'user',
    query: ZPageQuery,
    response: p.ZListUserProfilesResponseSchema,
  },
  createUserProfile: {
    method: 'post',
    path: '/api/v1/domains/:domainId/user-profiles',
    summary: 'Create a user profile',
    access: 'admin',
    body: p.ZCreateUserProfileRequestSchema.omit({ DomainId: true }).extend({ OwnerUsername: a.ZUsername.optional() }),
    response: p.ZCreateUserProfileResponseSchema,
  },
  describeUserProfile: {
    method: 'get',
    path: '/api/v1/domains/:domainId/user-profiles/:name',
    summary: 'One user profile',
    access: 'user',
    response: p.ZDescribeUserProfileResponseSchema,
  },
  updateUserProfile: {
    method: 'patch',
    path: '/api/v1/domains/:domainId/user-profiles/:name',
    summary: "Update a user profile's settings",
    access: 'admin',
    body: p.ZUpdateUserProfileRequestSchema.omit({ DomainId: true, UserProfileName: true }),
    response: p.ZUpdateUserProfileResponseSchema,
  },
  deleteUserProfile: {
    method: 'delete',
    path: '/api/v1/domains/:domainId/user-profiles/:name',
    summary: 'Delete a user profile',
    access: 'admin',
  },
  studioOpen: {
    method: 'post',
    path: '/api/v1/studio/open',
    summary: "Open Studio: the user's JupyterServer app, created when missing",
    access: 'user',
    body: st.ZStudioOpenRequestSchema,
    response: st.ZStudioOpenResponseSchema,
  },
  studioResources: {
    method: 'get',
    path: '/api/v1/studio/resources',
    summary: "A profile's apps, training jobs, models and endpoints",
    access: 'user',
    query: st.ZStudioQuerySchema,
    response: st.ZStudioResourcesResponseSchema,
  },
  studioDeleteApp: {
    method: 'delete',
    path: '/api/v1/studio/apps/:appType/:appName',
    summary: "Delete one of a profile's apps",
    access: 'user',
    query: st.ZStudioQuerySchema,
  },
  listInstanceTypes: {
    method: 'get',
    path: '/api/v1/instance-types',
    summary: 'Instance types and whether this installation can provide them',
    access: 'user',
    response: st.ZListInstanceTypesResponseSchema,
  },
  listStudioImages: {
    method: 'get',
    path: '/api/v1/images',
    summary: 'SageMaker images kernels can run on',
    access: 'user',
    response: st.ZListStudioImagesResponseSchema,
  },
  listQuotas: {
    method: 'get',
    path: '/api/v1/quotas',
    summary: 'Instance-type quotas',
    access: 'admin',
    query: z.strictObject({ domainId: z.string().max(63).optional() }),
    response: st.ZListQuotasResponseSchema,
  },
  putQuota: {
    method: 'post',
    path: '/api/v1/quotas',
    summary: 'Set how many instances of a type a domain or user profile may run',
    access: 'admin',
    body: st.ZPutQuotaRequestSchema,
    response: st.ZQuotaView,
  },
  deleteQuota: { method: 'delete', path: '/api/v1/quotas/:quotaId', summary: 'Remove a quota', access: 'admin' },
  ...studioDetailRoutes,
  ...usageRoutes,
  ...bucketRoutes,
  ...consoleRoutes,
  ...shareRoutes,
  ...ssoRoutes,
} satisfies Record<string, RestRoute>;

export type RestRouteName = keyof typeof restRoutes;
