import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createDomain, useHarness, uniqueName } from './harness.ts';

const run = promisify(execFile);
const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });

describe('boto3 (Debian python3-boto3) as a second real client', () => {
  it('runs a domain and user-profile lifecycle unchanged against Tessera', async () => {
    const script = fileURLToPath(new URL('./boto3_lifecycle.py', import.meta.url));
    const { stdout } = await run('/usr/bin/python3', [script], {
      env: {
        PATH: process.env.PATH,
        TESSERA_URL: h.server.url,
        AWS_ACCESS_KEY_ID: h.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: h.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      timeout: 60_000,
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(seen.domain_id).toMatch(/^d-[a-z0-9]{12}$/);
    expect(seen.status).toBe('InService');
    expect(seen.creation_time_is_datetime).toBe(true);
    expect(seen.paged).toEqual(['ada', 'grace', 'linus']);
    expect(seen.tags).toEqual([
      { Key: 'client', Value: 'boto3' },
      { Key: 'stage', Value: 'test' },
    ]);
    expect(seen.updated).toEqual({
      ExecutionRole: 'arn:aws:iam::123456789012:role/Boto',
      SharingSettings: { NotebookOutputOption: 'Disabled' },
    });
    expect(seen.errors).toEqual({
      in_use: 'ResourceInUse',
      not_found: 'ResourceNotFound',
      validation: 'ValidationException',
      duplicate: 'ResourceInUse',
    });
    expect(seen.after_delete).toBe('ResourceNotFound');
  });

  it('creates, describes, lists and deletes a KernelGateway app and reads the image registry', async () => {
    const DomainId = await createDomain(h.sagemaker);
    const PROFILE = uniqueName('b');
    await h.session.rest('POST', `/api/v1/domains/${DomainId}/user-profiles`, { UserProfileName: PROFILE });
    const script = fileURLToPath(new URL('./boto3_apps.py', import.meta.url));
    const { stdout } = await run('/usr/bin/python3', [script], {
      env: {
        PATH: process.env.PATH,
        TESSERA_URL: h.server.url,
        DOMAIN_ID: DomainId,
        PROFILE,
        AWS_ACCESS_KEY_ID: h.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: h.credentials.secretAccessKey,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
      timeout: 120_000,
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(seen.image_status).toBe('CREATED');
    expect(seen.images).toEqual(['datascience', 'minimal', 'pytorch']);
    expect(seen.version).toEqual([1, 'CREATED']);
    expect(seen.statuses).toEqual(['Pending', 'InService']);
    expect(seen.instance_type).toBe('ml.t3.medium');
    expect(seen.health_checked).toBe(true);
    expect(seen.listed).toEqual([['boto3-app', 'InService']]);
    expect(seen.after_delete).toBe('Deleted');
  });
});
