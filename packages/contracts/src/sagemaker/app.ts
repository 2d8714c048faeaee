// Apps: CreateApp, DescribeApp, ListApps, DeleteApp. A JupyterServer app serves a user's Studio;
// a KernelGateway app runs kernels of one image on one instance type.
import { z } from 'zod';
import { ZDomainId, ZEntityName, ZMaxResults, ZNextToken, ZSortOrder, ZTagList, ZTimestamp } from './common.ts';
import { ZResourceSpec } from './user-settings.ts';

/** The app types of the model; Tessera runs JupyterServer and KernelGateway. */
export const ZAppType = z.enum([
  'JupyterServer',
  'KernelGateway',
  'DetectedJupyterServer',
  'TensorBoard',
  'RStudioServerPro',
  'RSessionGateway',
  'JupyterLab',
  'CodeEditor',
  'Canvas',
]);
export const RUNNABLE_APP_TYPES = ['JupyterServer', 'KernelGateway'] as const;
export const ZAppStatus = z.enum(['Deleted', 'Deleting', 'Failed', 'InService', 'Pending']);
export type AppStatus = z.infer<typeof ZAppStatus>;

const ZAppKey = {
  DomainId: ZDomainId,
  UserProfileName: ZEntityName.optional(),
  SpaceName: ZEntityName.optional(),
  AppType: ZAppType,
  AppName: ZEntityName,
};

export const ZCreateAppRequestSchema = z.strictObject({
  ...ZAppKey,
  Tags: ZTagList.optional(),
  ResourceSpec: ZResourceSpec.optional(),
  RecoveryMode: z.boolean().optional(),
});
export type CreateAppRequest = z.infer<typeof ZCreateAppRequestSchema>;
export const ZCreateAppResponseSchema = z.object({ AppArn: z.string() });

export const ZDescribeAppRequestSchema = z.strictObject(ZAppKey);
const ZResourceSpecOut = z.object({
  SageMakerImageArn: z.string().optional(),
  SageMakerImageVersionArn: z.string().optional(),
  InstanceType: z.string().optional(),
});
export const ZDescribeAppResponseSchema = z.object({
  AppArn: z.string(),
  AppType: ZAppType,
  AppName: z.string(),
  DomainId: z.string(),
  UserProfileName: z.string().optional(),
  SpaceName: z.string().optional(),
  Status: ZAppStatus,
  LastHealthCheckTimestamp: ZTimestamp.optional(),
  LastUserActivityTimestamp: ZTimestamp.optional(),
  CreationTime: ZTimestamp,
  FailureReason: z.string().optional(),
  ResourceSpec: ZResourceSpecOut,
});
export type DescribeAppResponse = z.infer<typeof ZDescribeAppResponseSchema>;

export const ZListAppsRequestSchema = z.strictObject({
  NextToken: ZNextToken.optional(),
  MaxResults: ZMaxResults.optional(),
  SortOrder: ZSortOrder.optional(),
  SortBy: z.literal('CreationTime').optional(),
  DomainIdEquals: ZDomainId.optional(),
  UserProfileNameEquals: ZEntityName.optional(),
  SpaceNameEquals: ZEntityName.optional(),
});
export type ListAppsRequest = z.infer<typeof ZListAppsRequestSchema>;
export const ZAppDetails = z.object({
  DomainId: z.string(),
  UserProfileName: z.string().optional(),
  SpaceName: z.string().optional(),
  AppType: ZAppType,
  AppName: z.string(),
  Status: ZAppStatus,
  CreationTime: ZTimestamp,
  ResourceSpec: ZResourceSpecOut,
});
export const ZListAppsResponseSchema = z.object({ Apps: z.array(ZAppDetails), NextToken: z.string().optional() });

export const ZDeleteAppRequestSchema = z.strictObject(ZAppKey);
export const ZDeleteAppResponseSchema = z.object({});
