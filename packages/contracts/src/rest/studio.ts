// REST shapes for Studio (the IDE) and the admin's instance-type quotas (per domain, group or user profile).
import { z } from 'zod';
import { ZAppStatus, ZAppType } from '../sagemaker/app.ts';
import { ZDomainId, ZEntityName } from '../sagemaker/common.ts';
import { ZAppInstanceType } from '../sagemaker/user-settings.ts';

export const ZStudioOpenRequestSchema = z.strictObject({
  DomainId: ZDomainId.optional(),
  UserProfileName: ZEntityName.optional(),
});
export const ZStudioOpenResponseSchema = z.object({
  DomainId: z.string(),
  UserProfileName: z.string(),
  Username: z.string(),
  JupyterBaseUrl: z.string(),
  App: z.object({ AppName: z.string(), Status: ZAppStatus, FailureReason: z.string().optional() }),
  Defaults: z.object({ InstanceType: z.string(), ImageName: z.string() }),
});
export type StudioOpenResponse = z.infer<typeof ZStudioOpenResponseSchema>;

export const ZStudioQuerySchema = z.strictObject({ domain: ZDomainId, profile: ZEntityName });

export const ZInstanceTypeView = z.object({
  Name: z.string(),
  VCpu: z.number(),
  MemoryGiB: z.number(),
  Gpus: z.number().int(),
  FastLaunch: z.boolean(),
  Available: z.boolean(),
  UnavailableReason: z.string().optional(),
});
export const ZListInstanceTypesResponseSchema = z.object({ InstanceTypes: z.array(ZInstanceTypeView) });

export const ZStudioImageView = z.object({
  ImageName: z.string(),
  ImageArn: z.string(),
  DisplayName: z.string(),
  Description: z.string().optional(),
  BuiltIn: z.boolean(),
  /** What its kernels start on unless another instance type is chosen (a GPU image: ml.g4dn.xlarge). */
  DefaultInstanceType: z.string().optional(),
});
export const ZListStudioImagesResponseSchema = z.object({ Images: z.array(ZStudioImageView) });

const ZIsoTime = z.string();
export const ZStudioResourcesResponseSchema = z.object({
  Apps: z.array(
    z.object({
      AppName: z.string(),
      AppType: ZAppType,
      Status: ZAppStatus,
      InstanceType: z.string(),
      ImageName: z.string().optional(),
      CreationTime: ZIsoTime,
      FailureReason: z.string().optional(),
    }),
  ),
  TrainingJobs: z.array(z.object({ Name: z.string(), Status: z.string(), CreationTime: ZIsoTime })),
  Models: z.array(z.object({ Name: z.string(), CreationTime: ZIsoTime })),
  Endpoints: z.array(z.object({ Name: z.string(), Status: z.string(), CreationTime: ZIsoTime })),
});

export const ZQuotaScope = z.enum(['Domain', 'Group', 'UserProfile']);
export const ZQuotaView = z.object({
  QuotaId: z.string(),
  Scope: ZQuotaScope,
  DomainId: z.string(),
  UserProfileName: z.string().optional(),
  GroupName: z.string().optional(),
  InstanceType: z.string(),
  MaxInstances: z.number().int(),
  /** Instances of the type the scope holds now (apps, jobs and endpoints). */
  InUse: z.number().int().optional(),
});
export const ZPutQuotaRequestSchema = z
  .strictObject({
    Scope: ZQuotaScope,
    DomainId: ZDomainId,
    UserProfileName: ZEntityName.optional(),
    GroupName: z.string().min(1).max(64).optional(),
    InstanceType: ZAppInstanceType,
    MaxInstances: z.number().int().min(0).max(10_000),
  })
  .refine((q) => (q.Scope === 'UserProfile') === (q.UserProfileName !== undefined), {
    message: 'UserProfileName is required for Scope UserProfile and not allowed otherwise',
    path: ['UserProfileName'],
  })
  .refine((q) => (q.Scope === 'Group') === (q.GroupName !== undefined), {
    message: 'GroupName is required for Scope Group and not allowed otherwise',
    path: ['GroupName'],
  });
export const ZListQuotasResponseSchema = z.object({ Quotas: z.array(ZQuotaView) });

/** Usage of the instance a kernel runs on (answered by the Jupyter proxy). */
export const ZKernelUsageResponseSchema = z.object({
  AppName: z.string(),
  InstanceType: z.string(),
  CpuPercent: z.number(),
  MemoryBytes: z.number(),
  MemoryLimitBytes: z.number(),
  CpuLimit: z.number(),
});
