import type { App } from '@tessera/db';
import type { AppStatus, DescribeAppResponse } from '@tessera/contracts';
import { epochSeconds } from '../domains/views.ts';

const resourceSpec = (row: App) => ({
  InstanceType: row.instanceType,
  ...(row.imageArn ? { SageMakerImageArn: row.imageArn } : {}),
  ...(row.imageVersionArn ? { SageMakerImageVersionArn: row.imageVersionArn } : {}),
});

export function describeAppView(row: App): DescribeAppResponse {
  return {
    AppArn: row.arn,
    AppType: row.appType as DescribeAppResponse['AppType'],
    AppName: row.appName,
    DomainId: row.domainId,
    ...(row.userProfileName ? { UserProfileName: row.userProfileName } : {}),
    Status: row.status as AppStatus,
    ...(row.lastHealthCheckTimestamp ? { LastHealthCheckTimestamp: epochSeconds(row.lastHealthCheckTimestamp) } : {}),
    ...(row.lastUserActivityTimestamp
      ? { LastUserActivityTimestamp: epochSeconds(row.lastUserActivityTimestamp) }
      : {}),
    CreationTime: epochSeconds(row.createdAt),
    ...(row.failureReason ? { FailureReason: row.failureReason } : {}),
    ResourceSpec: resourceSpec(row),
  };
}

export const appDetailsView = (row: App) => ({
  DomainId: row.domainId,
  ...(row.userProfileName ? { UserProfileName: row.userProfileName } : {}),
  AppType: row.appType as DescribeAppResponse['AppType'],
  AppName: row.appName,
  Status: row.status as AppStatus,
  CreationTime: epochSeconds(row.createdAt),
  ResourceSpec: resourceSpec(row),
});
