// The console's activity page over real work: a running training job and an InService endpoint
// of a user show with their owner and instances, and the admin's stop buttons stop the job
// (Stopped, through StopTrainingJob) and delete the endpoint (its container goes).
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, trainingEnds, workUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });
const INFERENCE = 'def model_fn(d):\n    return 1\ndef predict_fn(data, m):\n    return data\n';

describe('console activity over real work', { timeout: 240_000 }, () => {
  it("lists a user's running training job and endpoint, and stops both from the console", async () => {
    const u = await workUser(h);
    const code = await u.put(
      'code/sourcedir.tar.gz',
      await sourceDir({ 'sleep.py': 'import time\ntime.sleep(120)\n' }),
    );
    const job = uniqueName('busy');
    await u.sagemaker.send(
      new CreateTrainingJobCommand({
        TrainingJobName: job,
        RoleArn: ROLE,
        AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
        HyperParameters: { sagemaker_program: '"sleep.py"', sagemaker_submit_directory: JSON.stringify(code) },
        OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/out` },
        ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 2, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 300 },
      }),
    );
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
          { VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 1 },
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
    await waitFor(
      async () =>
        (await u.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: job }))).SecondaryStatus ===
          'Training' || undefined,
      'job training',
      60_000,
      100,
    );

    const activity = (await h.session.rest('GET', '/api/v1/console/activity')).body;
    const jobRow = activity.jobs.find((j: { name: string }) => j.name === job);
    expect(jobRow).toMatchObject({
      kind: 'Training',
      ownerUsername: u.username,
      instanceType: 'ml.m5.large',
      instanceCount: 2,
      status: 'InProgress',
    });
    const epRow = activity.endpoints.find((e: { name: string }) => e.name === ep);
    expect(epRow).toMatchObject({
      ownerUsername: u.username,
      status: 'InService',
      variants: [{ variantName: 'AllTraffic', instanceType: 'ml.c5.xlarge', instanceCount: 1 }],
    });

    // The stop buttons: the job stops as StopTrainingJob stops it, the endpoint is deleted.
    expect((await h.session.rest('POST', '/api/v1/console/activity/stop', { arn: jobRow.arn })).status).toBe(204);
    expect((await h.session.rest('POST', '/api/v1/console/activity/stop', { arn: epRow.arn })).status).toBe(204);
    expect((await trainingEnds(u.sagemaker, job)).TrainingJobStatus).toBe('Stopped');
    await waitFor(
      () =>
        u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: ep })).then(
          () => undefined,
          (e: Error) => (e.name === 'ValidationException' ? true : undefined),
        ),
      'endpoint deleted',
      60_000,
      200,
    );
    const after = (await h.session.rest('GET', '/api/v1/console/activity')).body;
    expect(after.jobs.some((j: { name: string }) => j.name === job)).toBe(false);
    expect(after.endpoints.some((e: { name: string }) => e.name === ep)).toBe(false);
  });
});
