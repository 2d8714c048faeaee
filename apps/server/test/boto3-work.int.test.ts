// The work flow's core with boto3 (Debian's python3-boto3 1.26 / botocore 1.29), as a second
// real client beside the AWS SDK for JavaScript: S3 upload_file, built-in XGBoost training waited
// on with boto3's waiter, its metrics and CloudWatch logs, a model deployed to an endpoint,
// invoke_endpoint through sagemaker-runtime, the endpoint deleted. Docker backend.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { otherUser, uniqueName, useHarness } from './harness.ts';
import { ROLE } from './work-fixture.ts';

const run = promisify(execFile);
const h = useHarness({ TESSERA_BACKEND: 'docker' });

describe('boto3 work flow on Docker', () => {
  it('trains XGBoost from S3, reads its metrics and logs, deploys, invokes and deletes the endpoint', async () => {
    const u = await otherUser(h, undefined, { profile: true });
    const name = uniqueName('b3');
    const script = fileURLToPath(new URL('./boto3_work.py', import.meta.url));
    const { stdout } = await run('/usr/bin/python3', [script], {
      env: {
        PATH: process.env.PATH,
        TESSERA_URL: h.server.url,
        BUCKET: name.toLowerCase(),
        ROLE_ARN: ROLE,
        NAME: name,
        AWS_ACCESS_KEY_ID: u.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: u.credentials.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      timeout: 240_000,
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);

    expect(seen.training.status).toBe('Completed');
    expect(seen.training.secondary).toEqual(['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']);
    expect(seen.training.artifacts).toBe(`s3://${name.toLowerCase()}/xgboost/output/${name}-train/output/model.tar.gz`);
    expect(seen.training.times_are_datetimes).toBe(true);
    expect(seen.training.metrics['train:rmse']).toBeGreaterThan(0);
    expect(seen.training.metrics['train:rmse']).toBeLessThan(0.5);

    expect(seen.logs.streams).toEqual([expect.stringMatching(new RegExp(`^${name}-train/algo-1-\\d+$`))]);
    expect(seen.logs.round_lines).toBe(60);

    expect(seen.endpoint).toEqual({ status: 'InService', variants: [['AllTraffic', 1]] });
    expect(seen.invoke.variant).toBe('AllTraffic');
    expect(seen.invoke.content_type).toMatch(/^text\/csv/);
    expect(seen.invoke.predictions).toHaveLength(3);
    // Trees fitted to y = 2x + 1 on [0, 10]: close to the line, not exact.
    expect(seen.invoke.max_error).toBeLessThan(0.5);
    expect(seen.deleted).toBe(true);
  }, 300_000);
});
