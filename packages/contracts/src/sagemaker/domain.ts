import { z } from 'zod';
import {
  ZDomainId,
  ZEntityName,
  ZKmsKeyId,
  ZMaxResults,
  ZNextToken,
  ZProvisioningStatus,
  ZSubnetId,
  ZTagList,
  ZTimestamp,
  ZVpcId,
} from './common.ts';
import { ZDefaultSpaceSettings, ZDomainSettings, ZDomainSettingsForUpdate, ZUserSettings } from './user-settings.ts';

export const ZAuthMode = z.enum(['SSO', 'IAM']);
export const ZAppNetworkAccessType = z.enum(['PublicInternetOnly', 'VpcOnly']);
export const ZAppSecurityGroupManagement = z.enum(['Service', 'Customer']);
const ZSubnets = z.array(ZSubnetId).min(1).max(16);
const ZHomeEfsFileSystemCreation = z.enum(['Enabled', 'Disabled']);
const ZTagPropagation = z.enum(['ENABLED', 'DISABLED']);

export const ZCreateDomainRequestSchema = z.strictObject({
  DomainName: ZEntityName,
  AuthMode: ZAuthMode,
  DefaultUserSettings: ZUserSettings,
  DomainSettings: ZDomainSettings.optional(),
  SubnetIds: ZSubnets.optional(),
  VpcId: ZVpcId.optional(),
  Tags: ZTagList.optional(),
  AppNetworkAccessType: ZAppNetworkAccessType.optional(),
  HomeEfsFileSystemKmsKeyId: ZKmsKeyId.optional(),
  KmsKeyId: ZKmsKeyId.optional(),
  AppSecurityGroupManagement: ZAppSecurityGroupManagement.optional(),
  HomeEfsFileSystemCreation: ZHomeEfsFileSystemCreation.optional(),
  TagPropagation: ZTagPropagation.optional(),
  DefaultSpaceSettings: ZDefaultSpaceSettings.optional(),
});
export type CreateDomainRequest = z.infer<typeof ZCreateDomainRequestSchema>;
export const ZCreateDomainResponseSchema = z.object({ DomainArn: z.string(), DomainId: z.string(), Url: z.string() });

export const ZDescribeDomainRequestSchema = z.strictObject({ DomainId: ZDomainId });
export const ZDescribeDomainResponseSchema = z.object({
  DomainArn: z.string(),
  DomainId: z.string(),
  DomainName: z.string(),
  HomeEfsFileSystemId: z.string().optional(),
  Status: ZProvisioningStatus,
  CreationTime: ZTimestamp,
  LastModifiedTime: ZTimestamp,
  FailureReason: z.string().optional(),
  AuthMode: ZAuthMode,
  DefaultUserSettings: ZUserSettings,
  DomainSettings: ZDomainSettings.optional(),
  AppNetworkAccessType: ZAppNetworkAccessType,
  HomeEfsFileSystemKmsKeyId: z.string().optional(),
  SubnetIds: z.array(z.string()).optional(),
  Url: z.string(),
  VpcId: z.string().optional(),
  KmsKeyId: z.string().optional(),
  AppSecurityGroupManagement: ZAppSecurityGroupManagement.optional(),
  DefaultSpaceSettings: ZDefaultSpaceSettings.optional(),
});
export type DescribeDomainResponse = z.infer<typeof ZDescribeDomainResponseSchema>;

export const ZListDomainsRequestSchema = z.strictObject({
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
});
export const ZDomainDetails = z.object({
  DomainArn: z.string(),
  DomainId: z.string(),
  DomainName: z.string(),
  Status: ZProvisioningStatus,
  CreationTime: ZTimestamp,
  LastModifiedTime: ZTimestamp,
  Url: z.string(),
});
export const ZListDomainsResponseSchema = z.object({
  Domains: z.array(ZDomainDetails),
  NextToken: z.string().optional(),
});

export const ZUpdateDomainRequestSchema = z.strictObject({
  DomainId: ZDomainId,
  DefaultUserSettings: ZUserSettings.optional(),
  DomainSettingsForUpdate: ZDomainSettingsForUpdate.optional(),
  AppSecurityGroupManagement: ZAppSecurityGroupManagement.optional(),
  DefaultSpaceSettings: ZDefaultSpaceSettings.optional(),
  SubnetIds: ZSubnets.optional(),
  AppNetworkAccessType: ZAppNetworkAccessType.optional(),
  TagPropagation: ZTagPropagation.optional(),
  HomeEfsFileSystemCreation: ZHomeEfsFileSystemCreation.optional(),
  VpcId: ZVpcId.optional(),
});
export type UpdateDomainRequest = z.infer<typeof ZUpdateDomainRequestSchema>;
export const ZUpdateDomainResponseSchema = z.object({ DomainArn: z.string() });

export const ZDeleteDomainRequestSchema = z.strictObject({
  DomainId: ZDomainId,
  RetentionPolicy: z.strictObject({ HomeEfsFileSystem: z.enum(['Retain', 'Delete']).optional() }).optional(),
});
export const ZDeleteDomainResponseSchema = z.object({});
