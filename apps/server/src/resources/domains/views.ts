// Database rows → SageMaker response shapes.
import type { Domain, UserProfile } from '@tessera/db';
import type {
  DescribeDomainResponse,
  DescribeUserProfileResponse,
  ProvisioningStatus,
  UserSettings,
} from '@tessera/contracts';

export const epochSeconds = (d: Date) => d.getTime() / 1000;

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

export function describeDomainView(row: Domain): DescribeDomainResponse {
  return defined({
    DomainArn: row.arn,
    DomainId: row.id,
    DomainName: row.name,
    HomeEfsFileSystemId: row.homeEfsFileSystemId ?? undefined,
    Status: row.status as ProvisioningStatus,
    CreationTime: epochSeconds(row.createdAt),
    LastModifiedTime: epochSeconds(row.updatedAt),
    FailureReason: row.failureReason ?? undefined,
    AuthMode: row.authMode as 'IAM' | 'SSO',
    DefaultUserSettings: row.defaultUserSettings as UserSettings,
    DomainSettings: (row.domainSettings ?? undefined) as DescribeDomainResponse['DomainSettings'],
    AppNetworkAccessType: row.appNetworkAccessType as 'PublicInternetOnly' | 'VpcOnly',
    HomeEfsFileSystemKmsKeyId: row.homeEfsFileSystemKmsKeyId ?? undefined,
    SubnetIds: (row.subnetIds as string[]).length ? (row.subnetIds as string[]) : undefined,
    Url: row.url,
    VpcId: row.vpcId || undefined,
    KmsKeyId: row.kmsKeyId ?? undefined,
    AppSecurityGroupManagement: (row.appSecurityGroupManagement ?? undefined) as 'Service' | 'Customer' | undefined,
    DefaultSpaceSettings: (row.defaultSpaceSettings ?? undefined) as DescribeDomainResponse['DefaultSpaceSettings'],
  });
}

export const domainDetailsView = (row: Domain) => ({
  DomainArn: row.arn,
  DomainId: row.id,
  DomainName: row.name,
  Status: row.status as ProvisioningStatus,
  CreationTime: epochSeconds(row.createdAt),
  LastModifiedTime: epochSeconds(row.updatedAt),
  Url: row.url,
});

export function describeUserProfileView(row: UserProfile): DescribeUserProfileResponse {
  return defined({
    DomainId: row.domainId,
    UserProfileArn: row.arn,
    UserProfileName: row.name,
    HomeEfsFileSystemUid: row.homeEfsFileSystemUid ?? undefined,
    Status: row.status as ProvisioningStatus,
    LastModifiedTime: epochSeconds(row.updatedAt),
    CreationTime: epochSeconds(row.createdAt),
    FailureReason: row.failureReason ?? undefined,
    SingleSignOnUserIdentifier: row.singleSignOnUserIdentifier ?? undefined,
    SingleSignOnUserValue: row.singleSignOnUserValue ?? undefined,
    UserSettings: (row.userSettings ?? undefined) as UserSettings | undefined,
  });
}

export const userProfileDetailsView = (row: UserProfile) => ({
  DomainId: row.domainId,
  UserProfileName: row.name,
  Status: row.status as ProvisioningStatus,
  CreationTime: epochSeconds(row.createdAt),
  LastModifiedTime: epochSeconds(row.updatedAt),
});
