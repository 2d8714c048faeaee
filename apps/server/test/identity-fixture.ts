// Shared by the STS and temporary-credential tests: AWS SDK clients for any credentials (a session
// token included), the error code a call ended with, and the execution role a user's domain names.
import { S3Client } from '@aws-sdk/client-s3';
import { DescribeDomainCommand, ListDomainsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { STSClient } from '@aws-sdk/client-sts';
import type { Harness } from './harness.ts';
import type { WorkUser } from './work-fixture.ts';

export type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

export function clientsFor(h: Harness) {
  const opts = (credentials: Creds) => ({ endpoint: h.server.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  return {
    sts: (c: Creds) => new STSClient(opts(c)),
    s3: (c: Creds) => new S3Client({ ...opts(c), forcePathStyle: true }),
    sm: (c: Creds) => new SageMakerClient(opts(c)),
  };
}

/** 'succeeded', or the error code the SDK reports (S3's Code, else the exception's name). */
export const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'succeeded',
    (e: { name?: string; Code?: string }) => e.Code ?? e.name,
  );

/** The execution role the user's domain names, and the account id of the SageMaker ARNs. */
export async function executionRoleOf(u: WorkUser): Promise<{ role: string; account: string }> {
  const { Domains } = await u.sagemaker.send(new ListDomainsCommand({}));
  const d = await u.sagemaker.send(new DescribeDomainCommand({ DomainId: Domains![0]!.DomainId! }));
  return { role: d.DefaultUserSettings!.ExecutionRole!, account: d.DomainArn!.split(':')[4]! };
}
