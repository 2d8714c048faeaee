// The shapes the console reads, inferred from the one definition in @tessera/contracts (types
// only: nothing of zod ends up in the bundle).
import type { z } from 'zod';
import type * as c from '@tessera/contracts';

export type User = z.infer<typeof c.ZUser>;
export type Group = z.infer<typeof c.ZGroupView>;
export type AccessKey = z.infer<typeof c.ZAccessKeySummary>;
export type NewAccessKey = z.infer<typeof c.ZCreateAccessKeyResponseSchema>;
export type DomainSummary = z.infer<typeof c.ZListDomainsResponseSchema>['Domains'][number];
export type Domain = z.infer<typeof c.ZDescribeDomainResponseSchema>;
export type UserProfileSummary = z.infer<typeof c.ZListUserProfilesResponseSchema>['UserProfiles'][number];
export type UserProfile = z.infer<typeof c.ZDescribeUserProfileResponseSchema>;
export type Blockers = z.infer<typeof c.ZDomainBlockersResponseSchema>;
export type Sharing = z.infer<typeof c.ZDomainSharingView>;
export type QuickStartRequest = z.infer<typeof c.ZQuickStartRequestSchema>;
export type QuickStartResponse = z.infer<typeof c.ZQuickStartResponseSchema>;
export type Activity = z.infer<typeof c.ZActivityResponseSchema>;
export type InstanceType = z.infer<typeof c.ZInstanceTypeView>;
export type StudioImage = z.infer<typeof c.ZStudioImageView>;
export type Quota = z.infer<typeof c.ZQuotaView>;
export type OneTimeLink = z.infer<typeof c.ZOneTimeLinkResponseSchema>;
export type IdentityProvider = z.infer<typeof c.ZIdentityProviderView>;
export type SsoMember = z.infer<typeof c.ZSsoMember>;
export type Usage = z.infer<typeof c.ZUsageResponseSchema>;
export type Price = z.infer<typeof c.ZPriceView>;
