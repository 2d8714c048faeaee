// kill -9 of the server while work runs: on restart the reconcilers find the running containers
// again — a training job completes once, with one container; one whose container vanished while
// the server was down fails with a reason; an endpoint keeps serving on the same single instance.
import { execFileSync } from 'node:child_process';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import {
  adminClients,
  sageMakerClient,
  startServer,
  testDatabase,
  waitFor,
  type RunningServer,
} from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { uniqueName, useCleanups, type Harness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, tarEntries, trainingEnds, workUser } from './work-fixture.ts';

const cleanup = useCleanups();
const env = { TESSERA_BACKEND: 'docker' };

const SLOW_TRAIN = `
import os, time
print('training started', flush=True)
time.sleep(float(os.environ.get('SLEEP', '6')))
open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.txt'), 'w').write('done')
print('training finished', flush=True)
`;
const INFERENCE = 'def model_fn(d):\n    return 1\ndef predict_fn(data, m):\n    return data\n';

function containers(label: string): string[] {
  return execFileSync('docker', ['ps', '-aq', '--filter', `label=${label}`])
    .toString()
    .split('\n')
    .filter(Boolean);
}

describe('work survives kill -9 of the server', { timeout: 180_000 }, () => {
  it('adopts a running training job and its endpoint after a crash; fails a job whose container vanished', async () => {
    const db = await testDatabase();
    cleanup(() => db.drop());
    let server: RunningServer = await startServer({ databaseUrl: db.url, env });
    // The first server owns the data directory: its cleanup stops what runs there and removes it
    // (the second, started on the same directory, leaves it alone).
    const first = server;
    cleanup(() => first.cleanup());
    cleanup(() => server.stop());
    const h = { server, ...(await adminClients(server)) } as unknown as Harness;
    const u = await workUser(h);
    const code = await u.put('code/sourcedir.tar.gz', await sourceDir({ 'train.py': SLOW_TRAIN }));
    await u.put('data/x.csv', '1\n');
    const job = (name: string, sleep: string) =>
      new CreateTrainingJobCommand({
        TrainingJobName: name,
        RoleArn: ROLE,
        AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
        HyperParameters: { sagemaker_program: '"train.py"', sagemaker_submit_directory: JSON.stringify(code) },
        Environment: { SLEEP: sleep },
        InputDataConfig: [
          {
            ChannelName: 'train',
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${u.bucket}/data/` } },
          },
        ],
        OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/out` },
        ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 300 },
      });
    const survivor = uniqueName('survive');
    const orphan = uniqueName('lost');
    await u.sagemaker.send(job(survivor, '8'));
    await u.sagemaker.send(job(orphan, '600'));

    // An endpoint, InService before the crash.
    const modelData = await u.put('model/model.tar.gz', await sourceDir({ 'code/inference.py': INFERENCE }));
    const model = uniqueName('m');
    await u.sagemaker.send(
      new CreateModelCommand({
        ModelName: model,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: {
          Image: SKLEARN_IMAGE,
          ModelDataUrl: modelData,
          Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
        },
      }),
    );
    const cfg = uniqueName('c');
    await u.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: cfg,
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
        ],
      }),
    );
    const ep = uniqueName('ep');
    await u.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: cfg }));
    await waitFor(
      async () =>
        (await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: ep }))).EndpointStatus === 'InService' ||
        undefined,
      'endpoint InService',
      120_000,
      200,
    );
    for (const name of [survivor, orphan]) {
      await waitFor(
        async () =>
          (await u.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }))).SecondaryStatus ===
            'Training' || undefined,
        `${name} training`,
        60_000,
        100,
      );
    }

    // Crash. While the server is down, the second job's container disappears.
    await server.stop('SIGKILL');
    const training = containers('tessera.work-kind=TrainingJob').filter((id) =>
      execFileSync('docker', ['inspect', '-f', '{{range .Mounts}}{{.Source}} {{end}}', id])
        .toString()
        .includes(server.dataDir),
    );
    expect(training).toHaveLength(2);
    const endpointContainersBefore = containers('tessera.work-kind=Endpoint').filter((id) =>
      execFileSync('docker', ['inspect', '-f', '{{range .Mounts}}{{.Source}} {{end}}', id])
        .toString()
        .includes(server.dataDir),
    );
    expect(endpointContainersBefore).toHaveLength(1);
    const orphanContainer = training.find((id) =>
      execFileSync('docker', ['inspect', '-f', '{{range .Config.Env}}{{.}} {{end}}', id])
        .toString()
        .includes('SLEEP=600'),
    )!;
    execFileSync('docker', ['rm', '-f', orphanContainer]);

    server = await startServer({ dataDir: server.dataDir, databaseUrl: db.url, env });
    const sm = sageMakerClient(server.url, u.credentials);
    const s3 = new S3Client({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: u.credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    const done = await trainingEnds(sm, survivor, 120_000);
    expect(done.FailureReason).toBeUndefined();
    expect(done.TrainingJobStatus).toBe('Completed');
    expect(done.SecondaryStatusTransitions!.filter((t) => t.Status === 'Training')).toHaveLength(1);
    const artifact = await s3.send(
      new GetObjectCommand({ Bucket: u.bucket, Key: `out/${survivor}/output/model.tar.gz` }),
    );
    expect(await tarEntries(Buffer.from(await artifact.Body!.transformToByteArray()))).toContain('model.txt');
    const lost = await trainingEnds(sm, orphan, 60_000);
    expect(lost.TrainingJobStatus).toBe('Failed');
    expect(lost.FailureReason).toMatch(/container disappeared/);

    // The endpoint serves on the instance it had: adopted, not duplicated.
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName: ep }));
    expect(d.EndpointStatus).toBe('InService');
    expect(
      containers('tessera.work-kind=Endpoint').filter(
        (id) =>
          endpointContainersBefore.includes(id) ||
          execFileSync('docker', ['inspect', '-f', '{{range .Mounts}}{{.Source}} {{end}}', id])
            .toString()
            .includes(server.dataDir),
      ),
    ).toEqual(endpointContainersBefore);
    const runtime = new SageMakerRuntimeClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: u.credentials,
      maxAttempts: 1,
    });
    const r = await runtime.send(
      new InvokeEndpointCommand({
        EndpointName: ep,
        Body: Buffer.from('[1,2]'),
        ContentType: 'application/json',
        Accept: 'application/json',
      }),
    );
    expect(JSON.parse(Buffer.from(r.Body!).toString())).toEqual([1, 2]);
    // Nothing is left of either job's containers.
    expect(containers('tessera.work-kind=TrainingJob').filter((id) => training.includes(id))).toEqual([]);

    // The meter went through the crash: the job is billed once, from its start to its end, and
    // the adopted endpoint instance is one record still running, not a second one from the restart.
    const admin = await adminClients(server);
    const today = new Date().toISOString().slice(0, 10);
    const usage = (await admin.session.rest('GET', `/api/v1/usage?from=${today}&to=${today}`)).body.rows as {
      resourceName: string;
      instanceSeconds: number;
    }[];
    const jobUsage = usage.filter((x) => x.resourceName === survivor);
    expect(jobUsage).toHaveLength(1);
    expect(jobUsage[0]!.instanceSeconds).toBeCloseTo(
      (done.TrainingEndTime!.getTime() - done.TrainingStartTime!.getTime()) / 1000,
      0,
    );
    const epUsage = usage.filter((x) => x.resourceName === ep);
    expect(epUsage).toHaveLength(1);
    expect(epUsage[0]!.instanceSeconds).toBeGreaterThan(0);
    expect(epUsage[0]!.instanceSeconds).toBeLessThanOrEqual((Date.now() - d.CreationTime!.getTime()) / 1000 + 1);
  });
});
