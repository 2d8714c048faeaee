import { z } from 'zod';
import {
  ZDomainId,
  ZEntityName,
  ZMaxResults,
  ZNextToken,
  ZProvisioningStatus,
  ZSortOrder,
  ZTagList,
  ZTimestamp,
} from './common.ts';
import { ZUserSettings } from './user-settings.ts';

export const ZCreateUserProfileRequestSchema = z.strictObject({
  DomainId: ZDomainId,
  UserProfileName: ZEntityName,
  SingleSignOnUserIdentifier: z.literal('UserName', { error: "Member must be 'UserName'" }).optional(),
  SingleSignOnUserValue: z.string().max(256).optional(),
  Tags: ZTagList.optional(),
  UserSettings: ZUserSettings.optional(),
});
export type CreateUserProfileRequest = z.infer<typeof ZCreateUserProfileRequestSchema>;
export const ZCreateUserProfileResponseSchema = z.object({ UserProfileArn: z.string() });

const ZProfileKey = { DomainId: ZDomainId, UserProfileName: ZEntityName };

export const ZDescribeUserProfileRequestSchema = z.strictObject(ZProfileKey);
export const ZDescribeUserProfileResponseSchema = z.object({
  DomainId: z.string(),
  UserProfileArn: z.string(),
  UserProfileName: z.string(),
  HomeEfsFileSystemUid: z.string().optional(),
  Status: ZProvisioningStatus,
  LastModifiedTime: ZTimestamp,
  CreationTime: ZTimestamp,
  FailureReason: z.string().optional(),
  SingleSignOnUserIdentifier: z.string().optional(),
  SingleSignOnUserValue: z.string().optional(),
  UserSettings: ZUserSettings.optional(),
});
export type DescribeUserProfileResponse = z.infer<typeof ZDescribeUserProfileResponseSchema>;

export const ZListUserProfilesRequestSchema = z.strictObject({
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
  SortOrder: ZSortOrder.optional(),
  SortBy: z.enum(['CreationTime', 'LastModifiedTime']).optional(),
  DomainIdEquals: ZDomainId.optional(),
  UserProfileNameContains: z.string().max(63).optional(),
});
export type ListUserProfilesRequest = z.infer<typeof ZListUserProfilesRequestSchema>;
export const ZUserProfileDetails = z.object({
  DomainId: z.string(),
  UserProfileName: z.string(),
  Status: ZProvisioningStatus,
  CreationTime: ZTimestamp,
  LastModifiedTime: ZTimestamp,
});
export const ZListUserProfilesResponseSchema = z.object({
  UserProfiles: z.array(ZUserProfileDetails),
  NextToken: z.string().optional(),
});

export const ZUpdateUserProfileRequestSchema = z.strictObject({
  ...ZProfileKey,
  UserSettings: ZUserSettings.optional(),
});
export const ZUpdateUserProfileResponseSchema = z.object({ UserProfileArn: z.string() });

export const ZDeleteUserProfileRequestSchema = z.strictObject(ZProfileKey);
export const ZDeleteUserProfileResponseSchema = z.object({});
