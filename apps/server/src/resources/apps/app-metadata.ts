// What a Studio app's container finds about itself where SageMaker Studio puts it:
//   /opt/ml/metadata/resource-metadata.json — the app, its domain and profile (the SageMaker SDK's
//     get_execution_role() reads it, then asks DescribeUserProfile/DescribeDomain for the role);
//   /etc/xdg/sagemaker/config.yaml — the SDK's administrator config: the user's default bucket (so
//     Session().default_bucket() never calls STS at its hard-coded AWS address to name one) and
//     telemetry off (nothing is reported to AWS from here).
// Both are written by the server before each start and mounted read-only.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from '@tessera/db';
import type { Mount } from '../../runtime/contract.ts';
import type { Services } from '../services.ts';

const dirOf = (dataDir: string, appId: string) => join(dataDir, 'app-metadata', appId);

export async function writeAppMetadata(
  s: Pick<Services, 'config'>,
  app: Pick<App, 'id' | 'appType' | 'appName' | 'arn' | 'domainId' | 'userProfileName' | 'spaceName'>,
  opts: { executionRole: string; defaultBucket?: string },
): Promise<Mount[]> {
  const root = dirOf(s.config.dataDir, app.id);
  const metadata = join(root, 'metadata');
  const sdkConfig = join(root, 'sagemaker');
  await mkdir(metadata, { recursive: true, mode: 0o755 });
  await mkdir(sdkConfig, { recursive: true, mode: 0o755 });
  const resource = {
    AppType: app.appType,
    DomainId: app.domainId,
    UserProfileName: app.userProfileName ?? '',
    ...(app.spaceName ? { SpaceName: app.spaceName } : {}),
    ResourceArn: app.arn,
    ResourceName: app.appName,
    AppImageVersion: '',
    ExecutionRoleArn: opts.executionRole,
  };
  await writeFile(join(metadata, 'resource-metadata.json'), `${JSON.stringify(resource, null, 2)}\n`, { mode: 0o644 });
  const yaml = [
    "SchemaVersion: '1.0'",
    'SageMaker:',
    '  PythonSDK:',
    '    Modules:',
    ...(opts.defaultBucket ? ['      Session:', `        DefaultS3Bucket: '${opts.defaultBucket}'`] : []),
    '      TelemetryOptOut: true',
    '',
  ].join('\n');
  await writeFile(join(sdkConfig, 'config.yaml'), yaml, { mode: 0o644 });
  return [
    { source: metadata, target: '/opt/ml/metadata', readOnly: true },
    { source: sdkConfig, target: '/etc/xdg/sagemaker', readOnly: true },
  ];
}

export async function removeAppMetadata(s: Pick<Services, 'config'>, appId: string): Promise<void> {
  await rm(dirOf(s.config.dataDir, appId), { recursive: true, force: true });
}
