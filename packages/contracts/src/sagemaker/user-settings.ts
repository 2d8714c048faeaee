// UserSettings, DomainSettings and DefaultSpaceSettings. The members Tessera acts on are typed
// with the model's constraints; the rest are accepted as structures and kept verbatim, so a
// request the real service accepts is accepted here too. Unknown member names are refused.
import { z } from 'zod';
import { ZKmsKeyId, ZRoleArn, ZSecurityGroupId } from './common.ts';

const ZStructure = z.record(z.string(), z.unknown());

/** The storage of a user's home (Tessera) or private space (SageMaker): its size in GB when first made. */
export const ZDefaultSpaceStorageSettings = z.strictObject({
  DefaultEbsStorageSettings: z
    .strictObject({
      DefaultEbsVolumeSizeInGb: z.number().int().min(5).max(16384),
      MaximumEbsVolumeSizeInGb: z.number().int().min(5).max(16384),
    })
    .refine((s) => s.DefaultEbsVolumeSizeInGb <= s.MaximumEbsVolumeSizeInGb, {
      message: 'DefaultEbsVolumeSizeInGb may not exceed MaximumEbsVolumeSizeInGb',
    })
    .optional(),
});

export const ZAppInstanceType = z
  .string()
  .regex(/^(system|ml\.[a-z0-9]+\.[a-z0-9]+)$/, 'Member must be an instance type such as ml.t3.medium or system');

export const ZResourceSpec = z.strictObject({
  SageMakerImageArn: z.string().max(256).optional(),
  SageMakerImageVersionArn: z.string().max(256).optional(),
  SageMakerImageVersionAlias: z.string().max(128).optional(),
  InstanceType: ZAppInstanceType.optional(),
  LifecycleConfigArn: z.string().max(256).optional(),
});

const ZCustomImage = z.strictObject({
  ImageName: z.string().max(63),
  ImageVersionNumber: z.number().int().min(0).optional(),
  AppImageConfigName: z.string().max(63),
});

const ZAppSettings = z.strictObject({
  DefaultResourceSpec: ZResourceSpec.optional(),
  LifecycleConfigArns: z.array(z.string().max(256)).optional(),
  CodeRepositories: z.array(z.strictObject({ RepositoryUrl: z.string().max(1024) })).optional(),
  CustomImages: z.array(ZCustomImage).max(200).optional(),
  AppLifecycleManagement: ZStructure.optional(),
  BuiltInLifecycleConfigArn: z.string().max(256).optional(),
  EmrSettings: ZStructure.optional(),
});

export const ZUserSettings = z.strictObject({
  ExecutionRole: ZRoleArn.optional(),
  SecurityGroups: z.array(ZSecurityGroupId).max(5).optional(),
  SharingSettings: z
    .strictObject({
      NotebookOutputOption: z.enum(['Allowed', 'Disabled']).optional(),
      S3OutputPath: z
        .string()
        .max(1024)
        .regex(/^(https|s3):\/\/([^/]+)\/?(.*)$/, 'Member must be an s3:// URI')
        .optional(),
      S3KmsKeyId: ZKmsKeyId.optional(),
    })
    .optional(),
  JupyterServerAppSettings: ZAppSettings.optional(),
  KernelGatewayAppSettings: ZAppSettings.optional(),
  JupyterLabAppSettings: ZAppSettings.optional(),
  CodeEditorAppSettings: ZAppSettings.optional(),
  TensorBoardAppSettings: ZStructure.optional(),
  RStudioServerProAppSettings: ZStructure.optional(),
  RSessionAppSettings: ZStructure.optional(),
  CanvasAppSettings: ZStructure.optional(),
  SpaceStorageSettings: ZDefaultSpaceStorageSettings.optional(),
  DefaultLandingUri: z.string().max(1023).optional(),
  StudioWebPortal: z.enum(['ENABLED', 'DISABLED']).optional(),
  CustomPosixUserConfig: z
    .strictObject({ Uid: z.number().int().min(10000).max(4000000), Gid: z.number().int().min(1001).max(4000000) })
    .optional(),
  CustomFileSystemConfigs: z.array(ZStructure).max(10).optional(),
  StudioWebPortalSettings: ZStructure.optional(),
  AutoMountHomeEFS: z.enum(['Enabled', 'Disabled', 'DefaultAsDomain']).optional(),
});
export type UserSettings = z.infer<typeof ZUserSettings>;

export const ZDomainSettings = z.strictObject({
  SecurityGroupIds: z.array(ZSecurityGroupId).max(3).optional(),
  RStudioServerProDomainSettings: ZStructure.optional(),
  ExecutionRoleIdentityConfig: z.enum(['USER_PROFILE_NAME', 'DISABLED']).optional(),
  TrustedIdentityPropagationSettings: ZStructure.optional(),
  DockerSettings: ZStructure.optional(),
  AmazonQSettings: ZStructure.optional(),
  UnifiedStudioSettings: ZStructure.optional(),
  IpAddressType: z.enum(['ipv4', 'dualstack']).optional(),
});

export const ZDomainSettingsForUpdate = z.strictObject({
  RStudioServerProDomainSettingsForUpdate: ZStructure.optional(),
  ExecutionRoleIdentityConfig: z.enum(['USER_PROFILE_NAME', 'DISABLED']).optional(),
  SecurityGroupIds: z.array(ZSecurityGroupId).max(3).optional(),
  TrustedIdentityPropagationSettings: ZStructure.optional(),
  DockerSettings: ZStructure.optional(),
  AmazonQSettings: ZStructure.optional(),
  UnifiedStudioSettings: ZStructure.optional(),
  IpAddressType: z.enum(['ipv4', 'dualstack']).optional(),
});

export const ZDefaultSpaceSettings = z.strictObject({
  ExecutionRole: ZRoleArn.optional(),
  SecurityGroups: z.array(ZSecurityGroupId).max(5).optional(),
  JupyterServerAppSettings: ZAppSettings.optional(),
  KernelGatewayAppSettings: ZAppSettings.optional(),
  JupyterLabAppSettings: ZAppSettings.optional(),
  SpaceStorageSettings: ZDefaultSpaceStorageSettings.optional(),
  CustomPosixUserConfig: ZStructure.optional(),
  CustomFileSystemConfigs: z.array(ZStructure).max(10).optional(),
});
