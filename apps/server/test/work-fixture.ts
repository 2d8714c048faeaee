// Shared by the work tests (training, endpoints, transform): a user with a user profile, SDK
// clients for every surface, a bucket of their own, and helpers to upload data and code and wait
// on statuses.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  type DescribeProcessingJobCommandOutput,
  type DescribeTrainingJobCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { waitFor } from '@tessera/test-support';
import * as tar from 'tar';
import { otherUser, uniqueName, type Harness } from './harness.ts';

export const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';
export const XGBOOST_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
export const SKLEARN_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';

/**
 * A non-admin user who launches work: with a user profile of their own in the file's shared
 * domain unless `profile` is false (a test that gives them a profile of its choosing).
 */
export async function workUser(h: Harness, want: { profile?: boolean; username?: string } = {}) {
  const u = await otherUser(h, want.username, { profile: want.profile ?? true });
  const opts = { endpoint: h.server.url, region: 'us-east-1', credentials: u.credentials, maxAttempts: 1 };
  const s3 = new S3Client({ ...opts, forcePathStyle: true });
  const bucket = uniqueName('bkt').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    ...u,
    s3,
    bucket,
    runtime: new SageMakerRuntimeClient(opts),
    logs: new CloudWatchLogsClient(opts),
    async put(key: string, body: string | Buffer) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      return `s3://${bucket}/${key}`;
    },
    async get(key: string): Promise<Buffer> {
      const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await r.Body!.transformToByteArray());
    },
  };
}
export type WorkUser = Awaited<ReturnType<typeof workUser>>;

/** Packs files into a sourcedir.tar.gz, as the SageMaker Python SDK does with `source_dir`. */
export async function sourceDir(files: Record<string, string>): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'srcdir-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    const chunks: Buffer[] = [];
    for await (const c of tar.c({ gzip: true, cwd: dir, portable: true }, Object.keys(files)))
      chunks.push(Buffer.from(c as Uint8Array));
    return Buffer.concat(chunks);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lists a .tar.gz's entries. */
export async function tarEntries(buf: Buffer): Promise<string[]> {
  const entries: string[] = [];
  const parser = new tar.Parser({
    onReadEntry: (e) => {
      entries.push(e.path);
      e.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(buf);
  });
  return entries;
}

export async function trainingEnds(
  sm: SageMakerClient,
  name: string,
  timeoutMs = 120_000,
): Promise<DescribeTrainingJobCommandOutput> {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
      return ['Completed', 'Failed', 'Stopped'].includes(d.TrainingJobStatus!) ? d : undefined;
    },
    `training job ${name} to end`,
    timeoutMs,
    250,
  );
}

export async function processingEnds(
  sm: SageMakerClient,
  name: string,
  timeoutMs = 180_000,
): Promise<DescribeProcessingJobCommandOutput> {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
      return ['Completed', 'Failed', 'Stopped'].includes(d.ProcessingJobStatus!) ? d : undefined;
    },
    `processing job ${name} to end`,
    timeoutMs,
    250,
  );
}

/** y = 2x + 1 with a little noise, label first, no header: the CSV built-in algorithms read. */
export function linearCsv(rows: number, seed = 1): string {
  let s = seed;
  const rand = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const x = rand() * 10;
    lines.push(`${(2 * x + 1 + (rand() - 0.5) * 0.1).toFixed(4)},${x.toFixed(4)}`);
  }
  return lines.join('\n') + '\n';
}
