import { z } from 'zod';

export const ZUsername = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._@-]*$/, 'letters, digits and . _ @ - only, starting with a letter or digit');

export const ZUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  email: z.string().nullable(),
  isAdmin: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof ZUser>;

export const ZLoginRequestSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});
export const ZLoginResponseSchema = z.object({ user: ZUser });
export const ZMeResponseSchema = z.object({ user: ZUser });

export const ZChangePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(12, 'at least 12 characters').max(1024),
});

export const ZCreateUserRequestSchema = z.strictObject({
  username: ZUsername,
  /** Omitted: the user cannot sign in until they accept an invitation (createInvite) and set one. */
  password: z.string().min(12, 'at least 12 characters').max(1024).optional(),
  displayName: z.string().max(128).optional(),
  email: z.email().optional(),
  isAdmin: z.boolean().optional(),
});
export const ZCreateUserResponseSchema = z.object({ user: ZUser });
export const ZListUsersResponseSchema = z.object({ users: z.array(ZUser) });

export const ZAccessKeySummary = z.object({
  accessKeyId: z.string(),
  status: z.enum(['Active', 'Inactive']),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export const ZListAccessKeysResponseSchema = z.object({ accessKeys: z.array(ZAccessKeySummary) });
/** The secret appears in this response only; it is never shown again. */
export const ZCreateAccessKeyResponseSchema = ZAccessKeySummary.extend({ secretAccessKey: z.string() });

/** Every REST error: a stable code, the HTTP status that carried it, and a message a person can act on. */
export const ZRestError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
