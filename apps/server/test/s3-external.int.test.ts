// The external-store path: S3Store (what the server uses when TESSERA_S3_ENDPOINT is set) against
// a real S3-compatible server — another Tessera's S3 API — and a server configured that way.
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateModelCommand, CreateTrainingJobCommand, DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { adminClients, startServer, testDatabase } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { ObjectStoreError } from '../src/platform/objects/object-store.ts';
import { createObjectStore, S3Store } from '../src/platform/objects/s3-store.ts';
import { otherUser, uniqueName, useCleanups, useHarness, type Harness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE } from './work-fixture.ts';
import { s3Client } from './s3-helpers.ts';

const h = useHarness();
const cleanup = useCleanups();

describe('S3Store against another Tessera', () => {
  it('puts, gets, lists and checks buckets through the external store, as the ObjectStore contract says', async () => {
    const store = createObjectStore({
      dataDir: '/nonexistent',
      s3: { endpoint: h.server.url, region: 'us-east-1', ...h.credentials },
    });
    expect(store).toBeInstanceOf(S3Store);
    expect(store.kind).toBe('s3');
    const bucket = uniqueName('ext').toLowerCase();
    expect(await store.bucketExists(bucket)).toBe(false);
    await s3Client(h.server.url, h.credentials).send(new CreateBucketCommand({ Bucket: bucket }));
    expect(await store.bucketExists(bucket)).toBe(true);

    await store.put(bucket, 'models/model.tar.gz', Buffer.from('model bytes'), { contentType: 'application/gzip' });
    expect((await buffer(await store.get(bucket, 'models/model.tar.gz'))).toString()).toBe('model bytes');
    // A stream of unknown length, larger than one part: sent as a multipart upload.
    const big = Buffer.alloc(7 * 1024 * 1024, 'q');
    await store.put(bucket, 'data/train.csv', Readable.from([big.subarray(0, 3_000_000), big.subarray(3_000_000)]));
    const back = await buffer(await store.get(bucket, 'data/train.csv'));
    expect(back.equals(big)).toBe(true);
    const seen = await s3Client(h.server.url, h.credentials).send(
      new GetObjectCommand({ Bucket: bucket, Key: 'models/model.tar.gz' }),
    );
    expect(seen.ContentType).toBe('application/gzip');

    const listed = [];
    for await (const o of store.list(bucket, '')) listed.push([o.key, o.size]);
    expect(listed).toEqual([
      ['data/train.csv', big.length],
      ['models/model.tar.gz', 11],
    ]);
    const underData = [];
    for await (const o of store.list(bucket, 'data/')) underData.push(o.key);
    expect(underData).toEqual(['data/train.csv']);

    await expect(store.get(bucket, 'missing')).rejects.toBeInstanceOf(ObjectStoreError);
    await expect(store.get(bucket, 'missing')).rejects.toMatchObject({ code: 'NoSuchKey' });
    await expect(store.get(uniqueName('gone').toLowerCase(), 'k')).rejects.toMatchObject({ code: 'NoSuchBucket' });
  });

  it('boots a server whose objects live in the external store; its own S3 API then points there', async () => {
    const db = await testDatabase();
    const server = await startServer({
      databaseUrl: db.url,
      env: {
        TESSERA_S3_ENDPOINT: h.server.url,
        TESSERA_S3_REGION: 'us-east-1',
        TESSERA_S3_ACCESS_KEY_ID: h.credentials.accessKeyId,
        TESSERA_S3_SECRET_ACCESS_KEY: h.credentials.secretAccessKey,
      },
    });
    cleanup(
      () => db.drop(),
      () => server.cleanup(),
      () => server.stop(),
    );
    const admin = await adminClients(server);
    const err = await s3Client(server.url, admin.credentials)
      .send(new ListBucketsCommand({}))
      .catch((e) => e);
    expect(err).toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    expect(err.message).toMatch(/TESSERA_S3_ENDPOINT/);
  });

  it("lets a user's jobs and models name only buckets of the external store granted to them", async () => {
    // Two buckets in the external store: one of some other tenant's, one an admin grants to Mallory.
    const external = s3Client(h.server.url, h.credentials);
    const [victim, granted] = [uniqueName('victim').toLowerCase(), uniqueName('granted').toLowerCase()];
    for (const b of [victim, granted]) await external.send(new CreateBucketCommand({ Bucket: b }));
    await external.send(new PutObjectCommand({ Bucket: victim, Key: 'secret/model.tar.gz', Body: 'theirs' }));
    await external.send(new PutObjectCommand({ Bucket: granted, Key: 'model.tar.gz', Body: 'mine' }));

    const db = await testDatabase();
    const server = await startServer({
      databaseUrl: db.url,
      env: {
        // Every account may run work here (the process runtime's one-user rule is not what this tests).
        TESSERA_BACKEND: 'process',
        TESSERA_SINGLE_USER: '*',
        TESSERA_S3_ENDPOINT: h.server.url,
        TESSERA_S3_REGION: 'us-east-1',
        TESSERA_S3_ACCESS_KEY_ID: h.credentials.accessKeyId,
        TESSERA_S3_SECRET_ACCESS_KEY: h.credentials.secretAccessKey,
      },
    });
    cleanup(
      () => db.drop(),
      () => server.cleanup(),
      () => server.stop(),
    );
    const admin = { server, ...(await adminClients(server)) } as unknown as Harness;
    const mallory = await otherUser(admin, undefined, { profile: true });
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: Error) => e,
      );
    const modelOn = (bucket: string, key: string) =>
      new CreateModelCommand({
        ModelName: uniqueName('m'),
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: SKLEARN_IMAGE, ModelDataUrl: `s3://${bucket}/${key}` },
      });

    // The server's credentials reach every bucket of the store; Mallory may not borrow them.
    const model = await refusal(mallory.sagemaker.send(modelOn(victim, 'secret/model.tar.gz')));
    expect(model?.name).toBe('AccessDeniedException');
    expect(model?.message).toContain(`you may not use the bucket ${victim}`);
    const job = uniqueName('exfil');
    const training = await refusal(
      mallory.sagemaker.send(
        new CreateTrainingJobCommand({
          TrainingJobName: job,
          RoleArn: ROLE,
          AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
          InputDataConfig: [
            {
              ChannelName: 'train',
              DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${victim}/secret/` } },
            },
          ],
          OutputDataConfig: { S3OutputPath: `s3://${granted}/out` },
          ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
          StoppingCondition: { MaxRuntimeInSeconds: 60 },
        }),
      ),
    );
    expect(training?.name).toBe('AccessDeniedException');
    expect(training?.message).toContain(`InputDataConfig train: you may not use the bucket ${victim}`);
    expect(
      (await refusal(mallory.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: job }))))?.name,
    ).toBe('ResourceNotFound');
    const ungranted = await refusal(mallory.sagemaker.send(modelOn(granted, 'model.tar.gz')));
    expect(ungranted?.name).toBe('AccessDeniedException');

    // Granted by an administrator, the bucket is Mallory's to name; a grant of a missing bucket is refused.
    const grant = await admin.session.rest('POST', '/api/v1/buckets', {
      bucket: granted,
      ownerUsername: mallory.username,
    });
    expect(grant.status, JSON.stringify(grant.body)).toBe(200);
    expect(grant.body).toMatchObject({ bucket: granted, ownerUsername: mallory.username });
    await mallory.sagemaker.send(modelOn(granted, 'model.tar.gz'));
    const listed = await admin.session.rest('GET', '/api/v1/buckets');
    expect(listed.body.buckets).toEqual([
      expect.objectContaining({ bucket: granted, ownerUsername: mallory.username }),
    ]);
    const missing = await admin.session.rest('POST', '/api/v1/buckets', {
      bucket: uniqueName('nowhere').toLowerCase(),
      ownerUsername: mallory.username,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/has no bucket/);
    expect(
      (await mallory.session.rest('POST', '/api/v1/buckets', { bucket: victim, ownerUsername: mallory.username }))
        .status,
    ).toBe(403);

    // Taken back, it is refused again.
    expect((await admin.session.rest('DELETE', `/api/v1/buckets/${granted}`)).status).toBe(204);
    expect((await refusal(mallory.sagemaker.send(modelOn(granted, 'model.tar.gz'))))?.name).toBe(
      'AccessDeniedException',
    );
  });
});
