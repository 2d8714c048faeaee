// REST shapes of read-only notebook links (/api/v1/shares). A share is a snapshot of one
// notebook in a user profile's home, reachable at /share/<token>; the token is the only
// secret, so it is shown to the share's owner alone.
import { z } from 'zod';
import { ZDomainId, ZEntityName } from '../sagemaker/common.ts';
import type { RestRoute } from './routes.ts';

export const ZShareVisibility = z.enum(['Public', 'Domain']);
export type ShareVisibility = z.infer<typeof ZShareVisibility>;
export const ZShareStatus = z.enum(['Active', 'Expired', 'Revoked']);
export type ShareStatus = z.infer<typeof ZShareStatus>;

const ZNotebookPath = z
  .string()
  .min(1)
  .max(1024)
  .refine((p) => !p.includes('\0'), 'must not contain NUL')
  .refine((p) => p.toLowerCase().endsWith('.ipynb'), 'must name a notebook (.ipynb)');

/** When the link stops working: in so many days, at a time, or never (neither given). */
const expiry = {
  expiresInDays: z.number().int().min(1).max(365).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
};
const oneExpiry = (b: { expiresInDays?: number; expiresAt?: string }) =>
  !(b.expiresInDays !== undefined && b.expiresAt !== undefined);
const ONE_EXPIRY = { message: 'Give expiresInDays or expiresAt, not both' };

export const ZCreateShareRequestSchema = z
  .strictObject({
    domainId: ZDomainId,
    userProfileName: ZEntityName,
    /** Relative to the profile's home directory, as Studio's file browser names it. */
    path: ZNotebookPath,
    /** Default true; a domain or profile with NotebookOutputOption=Disabled never includes them. */
    includeOutputs: z.boolean().optional(),
    /** Default Domain: only signed-in users with a profile in the same domain may open it. */
    visibility: ZShareVisibility.optional(),
    ...expiry,
  })
  .refine(oneExpiry, ONE_EXPIRY);
export type CreateShareRequest = z.infer<typeof ZCreateShareRequestSchema>;

export const ZReshareRequestSchema = z
  .strictObject({
    includeOutputs: z.boolean().optional(),
    visibility: ZShareVisibility.optional(),
    ...expiry,
    /** Remove the expiry. */
    neverExpires: z.literal(true).optional(),
    /** Issue a new token (the old link stops working). A revoked share always gets a new one. */
    rotateToken: z.boolean().optional(),
  })
  .refine(oneExpiry, ONE_EXPIRY)
  .refine((b) => !(b.neverExpires && (b.expiresInDays !== undefined || b.expiresAt !== undefined)), {
    message: 'neverExpires cannot be combined with an expiry',
  });
export type ReshareRequest = z.infer<typeof ZReshareRequestSchema>;

export const ZShareView = z.object({
  shareId: z.string(),
  /** The link; null for anyone but the owner (an admin listing all shares) and once revoked. */
  url: z.string().nullable(),
  ownerUsername: z.string(),
  domainId: z.string().nullable(),
  userProfileName: z.string().nullable(),
  path: z.string(),
  title: z.string(),
  includeOutputs: z.boolean(),
  visibility: ZShareVisibility,
  status: ZShareStatus,
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  viewCount: z.number().int(),
  lastViewedAt: z.string().nullable(),
  /** When the snapshot was taken (creation or the last re-share). */
  snapshotAt: z.string(),
  createdAt: z.string(),
});
export type ShareView = z.infer<typeof ZShareView>;

export const ZListSharesQuery = z.strictObject({
  /** Admins only: everyone's shares. */
  all: z.enum(['true', 'false']).optional(),
  domainId: ZDomainId.optional(),
  userProfileName: ZEntityName.optional(),
  path: z.string().max(1024).optional(),
  /** Default false: revoked and expired links are left out. */
  includeInactive: z.enum(['true', 'false']).optional(),
  nextToken: z.string().max(256).optional(),
  maxResults: z.coerce.number().int().min(1).max(100).optional(),
});
export const ZListSharesResponseSchema = z.object({ shares: z.array(ZShareView), nextToken: z.string().optional() });
export type ListSharesResponse = z.infer<typeof ZListSharesResponseSchema>;
export const ZShareResponseSchema = z.object({ share: ZShareView });
export type ShareResponse = z.infer<typeof ZShareResponseSchema>;

export const shareRoutes = {
  createShare: {
    method: 'post',
    path: '/api/v1/shares',
    summary: 'Share a notebook as a read-only link (a snapshot of the file as saved)',
    access: 'user',
    body: ZCreateShareRequestSchema,
    response: ZShareResponseSchema,
  },
  listShares: {
    method: 'get',
    path: '/api/v1/shares',
    summary: "The caller's notebook links (all users' for an admin with all=true)",
    access: 'user',
    query: ZListSharesQuery,
    response: ZListSharesResponseSchema,
  },
  getShare: {
    method: 'get',
    path: '/api/v1/shares/:shareId',
    summary: 'One notebook link',
    access: 'user',
    response: ZShareResponseSchema,
  },
  reshare: {
    method: 'post',
    path: '/api/v1/shares/:shareId/reshare',
    summary: "Refresh a link's snapshot from the notebook's current content (and change its options)",
    access: 'user',
    body: ZReshareRequestSchema,
    response: ZShareResponseSchema,
  },
  revokeShare: {
    method: 'delete',
    path: '/api/v1/shares/:shareId',
    summary: 'Revoke a notebook link: it answers 404 from now on',
    access: 'user',
  },
} satisfies Record<string, RestRoute>;
