// REST shapes for the admin onboarding console (apps/console): users, groups, access keys of
// other users, profile owners, what blocks a domain's deletion, sharing, quick start, activity.
import { z } from 'zod';
import { ZEntityName } from '../sagemaker/common.ts';
import { ZAppInstanceType } from '../sagemaker/user-settings.ts';
import { ZCreateAccessKeyResponseSchema, ZListAccessKeysResponseSchema, ZUser, ZUsername } from './auth.ts';
import type { RestRoute } from './routes.ts';

export const ZUpdateUserRequestSchema = z
  .strictObject({
    displayName: z.string().max(128).nullable().optional(),
    email: z.email().nullable().optional(),
    isAdmin: z.boolean().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'Name at least one of displayName, email, isAdmin, disabled' });
export const ZUpdateUserResponseSchema = z.object({ user: ZUser });

export const ZGroupName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, 'letters, digits and . _ - only, starting with a letter or digit');
export const ZGroupView = z.object({ name: z.string(), createdAt: z.string(), members: z.array(z.string()) });
export type GroupView = z.infer<typeof ZGroupView>;
export const ZListGroupsResponseSchema = z.object({ groups: z.array(ZGroupView) });
export const ZCreateGroupRequestSchema = z.strictObject({ name: ZGroupName });
export const ZCreateGroupResponseSchema = z.object({ group: ZGroupView });
export const ZAddGroupMemberRequestSchema = z.strictObject({ username: ZUsername });

export const ZSetProfileOwnerRequestSchema = z.strictObject({ username: ZUsername.nullable() });
export const ZSetProfileOwnerResponseSchema = z.object({
  domainId: z.string(),
  userProfileName: z.string(),
  ownerUsername: z.string().nullable(),
});

const ZBlockingApp = z.object({
  arn: z.string(),
  appType: z.string(),
  appName: z.string(),
  status: z.string(),
  instanceType: z.string(),
  spaceName: z.string().nullable(),
});
/** What stands between a domain and DeleteDomain: its live user profiles with their apps, and apps of spaces. */
export const ZDomainBlockersResponseSchema = z.object({
  domainId: z.string(),
  domainName: z.string(),
  status: z.string(),
  userProfiles: z.array(
    z.object({
      userProfileName: z.string(),
      status: z.string(),
      ownerUsername: z.string().nullable(),
      apps: z.array(ZBlockingApp),
    }),
  ),
  spaceApps: z.array(ZBlockingApp),
  /** True when DeleteDomain would be accepted without deleting home storage. */
  canDelete: z.boolean(),
});
export type DomainBlockers = z.infer<typeof ZDomainBlockersResponseSchema>;

export const ZDomainSharingView = z.object({
  domainId: z.string(),
  allowPublicShares: z.boolean(),
  /** DefaultUserSettings.SharingSettings.NotebookOutputOption (edited through updateDomain). */
  notebookOutputOption: z.enum(['Allowed', 'Disabled']),
});
export const ZUpdateDomainSharingRequestSchema = z.strictObject({ allowPublicShares: z.boolean() });

export const ZQuickStartUser = z.strictObject({
  username: ZUsername,
  email: z.email().optional(),
  profileName: ZEntityName.optional(),
  /** false: the user exists already and only gets a profile. Default true. */
  createUser: z.boolean().optional(),
});
export const ZQuickStartRequestSchema = z.strictObject({
  domainName: ZEntityName,
  authMode: z.enum(['IAM', 'SSO']),
  defaultInstanceType: ZAppInstanceType.optional(),
  defaultImage: z.string().min(1).max(63).optional(),
  allowPublicShares: z.boolean().optional(),
  notebookOutputs: z.boolean().optional(),
  users: z.array(ZQuickStartUser).max(50),
});
export type QuickStartRequest = z.infer<typeof ZQuickStartRequestSchema>;
export const ZQuickStartResponseSchema = z.object({
  domainId: z.string(),
  domainName: z.string(),
  users: z.array(
    z.object({
      username: z.string(),
      userProfileName: z.string(),
      created: z.boolean(),
      /** For a user quick start created: a one-time link to choose a password — shown once. */
      inviteUrl: z.string().optional(),
      inviteExpiresAt: z.string().optional(),
    }),
  ),
});
export type QuickStartResponse = z.infer<typeof ZQuickStartResponseSchema>;

export const ZActivityResponseSchema = z.object({
  apps: z.array(
    z.object({
      arn: z.string(),
      domainId: z.string(),
      domainName: z.string(),
      userProfileName: z.string().nullable(),
      spaceName: z.string().nullable(),
      ownerUsername: z.string().nullable(),
      appType: z.string(),
      appName: z.string(),
      instanceType: z.string(),
      imageName: z.string().nullable(),
      status: z.string(),
      since: z.string(),
    }),
  ),
  jobs: z.array(
    z.object({
      arn: z.string(),
      kind: z.enum(['Training', 'Processing', 'Transform']),
      name: z.string(),
      ownerUsername: z.string().nullable(),
      domainId: z.string().nullable(),
      userProfileName: z.string().nullable(),
      instanceType: z.string().nullable(),
      instanceCount: z.number().int(),
      status: z.string(),
      since: z.string(),
    }),
  ),
  endpoints: z.array(
    z.object({
      arn: z.string(),
      name: z.string(),
      ownerUsername: z.string().nullable(),
      domainId: z.string().nullable(),
      userProfileName: z.string().nullable(),
      status: z.string(),
      variants: z.array(
        z.object({ variantName: z.string(), instanceType: z.string(), instanceCount: z.number().int() }),
      ),
      since: z.string(),
    }),
  ),
});
export type Activity = z.infer<typeof ZActivityResponseSchema>;
export const ZStopActivityRequestSchema = z.strictObject({ arn: z.string().min(1).max(2048) });

/** The console's routes, spread into restRoutes; every one is for administrators only. */
export const consoleRoutes = {
  updateUser: {
    method: 'patch',
    path: '/api/v1/users/:username',
    summary:
      "Change a user's name, email, admin role or disabled state (disabling ends their sessions and access keys)",
    access: 'admin',
    body: ZUpdateUserRequestSchema,
    response: ZUpdateUserResponseSchema,
  },
  deleteUser: { method: 'delete', path: '/api/v1/users/:username', summary: 'Delete a user', access: 'admin' },
  listGroups: {
    method: 'get',
    path: '/api/v1/groups',
    summary: 'List groups with their members',
    access: 'admin',
    response: ZListGroupsResponseSchema,
  },
  createGroup: {
    method: 'post',
    path: '/api/v1/groups',
    summary: 'Create a group',
    access: 'admin',
    body: ZCreateGroupRequestSchema,
    response: ZCreateGroupResponseSchema,
  },
  deleteGroup: { method: 'delete', path: '/api/v1/groups/:groupName', summary: 'Delete a group', access: 'admin' },
  addGroupMember: {
    method: 'post',
    path: '/api/v1/groups/:groupName/members',
    summary: 'Add a user to a group',
    access: 'admin',
    body: ZAddGroupMemberRequestSchema,
    response: ZCreateGroupResponseSchema,
  },
  removeGroupMember: {
    method: 'delete',
    path: '/api/v1/groups/:groupName/members/:username',
    summary: 'Remove a user from a group',
    access: 'admin',
  },
  listUserAccessKeys: {
    method: 'get',
    path: '/api/v1/users/:username/access-keys',
    summary: "List a user's access keys (no secrets)",
    access: 'admin',
    response: ZListAccessKeysResponseSchema,
  },
  createUserAccessKey: {
    method: 'post',
    path: '/api/v1/users/:username/access-keys',
    summary: 'Issue an access key for a user; the secret is returned once',
    access: 'admin',
    response: ZCreateAccessKeyResponseSchema,
  },
  deleteUserAccessKey: {
    method: 'delete',
    path: '/api/v1/users/:username/access-keys/:accessKeyId',
    summary: "Revoke a user's access key",
    access: 'admin',
  },
  setProfileOwner: {
    method: 'patch',
    path: '/api/v1/domains/:domainId/user-profiles/:name/owner',
    summary: 'Map a user profile to the user who signs in to it (or to nobody)',
    access: 'admin',
    body: ZSetProfileOwnerRequestSchema,
    response: ZSetProfileOwnerResponseSchema,
  },
  domainBlockers: {
    method: 'get',
    path: '/api/v1/domains/:domainId/blockers',
    summary: "See what blocks a domain's deletion",
    access: 'admin',
    response: ZDomainBlockersResponseSchema,
  },
  getDomainSharing: {
    method: 'get',
    path: '/api/v1/domains/:domainId/sharing',
    summary: "Read a domain's sharing settings",
    access: 'admin',
    response: ZDomainSharingView,
  },
  updateDomainSharing: {
    method: 'patch',
    path: '/api/v1/domains/:domainId/sharing',
    summary: 'Allow or forbid public notebook links in a domain',
    access: 'admin',
    body: ZUpdateDomainSharingRequestSchema,
    response: ZDomainSharingView,
  },
  quickStart: {
    method: 'post',
    path: '/api/v1/console/quick-start',
    summary: 'Create a domain with sensible defaults, its first users and their user profiles',
    access: 'admin',
    body: ZQuickStartRequestSchema,
    response: ZQuickStartResponseSchema,
  },
  listActivity: {
    method: 'get',
    path: '/api/v1/console/activity',
    summary: 'See the apps, jobs and endpoints running now',
    access: 'admin',
    response: ZActivityResponseSchema,
  },
  stopActivity: {
    method: 'post',
    path: '/api/v1/console/activity/stop',
    summary: 'Stop a running app, job or endpoint',
    access: 'admin',
    body: ZStopActivityRequestSchema,
  },
} satisfies Record<string, RestRoute>;
