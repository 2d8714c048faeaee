// GPU instance types on a host without GPUs: refused when the work is asked for, with the
// ResourceLimitExceeded SageMaker gives for an instance type over the account's limit, and a
// reason a person can act on — never a job or endpoint that is accepted and fails later.
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, workUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });

describe('GPU instance types where the host has no GPU', () => {
  it('refuses a training job at CreateTrainingJob and creates nothing', async () => {
    const u = await workUser(h);
    const name = uniqueName('gpu-train');
    const refused = await u.sagemaker
      .send(
        new CreateTrainingJobCommand({
          TrainingJobName: name,
          RoleArn: ROLE,
          AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
          OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/out` },
          ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 2, VolumeSizeInGB: 1 },
          StoppingCondition: { MaxRuntimeInSeconds: 60 },
        }),
      )
      .catch((e) => e);
    expect(refused.name).toBe('ResourceLimitExceeded');
    expect(refused.message).toMatch(
      /'ml\.p3\.2xlarge for training job usage' is 0 Instances, with a request delta of 2 Instances: .*needs 1 GPU/,
    );
    expect(refused.message).toContain('ml.m5.large');
    const described = await u.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name })).catch((e) => e);
    expect(described.name).toBe('ResourceNotFound');
  });

  it('refuses an endpoint whose config asks for a GPU type at CreateEndpoint', async () => {
    const u = await workUser(h);
    const model = uniqueName('gpu-model');
    await u.sagemaker.send(
      new CreateModelCommand({
        ModelName: model,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: SKLEARN_IMAGE, ModelDataUrl: `s3://${u.bucket}/model.tar.gz` },
      }),
    );
    const config = uniqueName('gpu-config');
    await u.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: config,
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.g4dn.xlarge', InitialInstanceCount: 1 },
        ],
      }),
    );
    const endpoint = uniqueName('gpu-endpoint');
    const refused = await u.sagemaker
      .send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: config }))
      .catch((e) => e);
    expect(refused.name).toBe('ResourceLimitExceeded');
    expect(refused.message).toMatch(/'ml\.g4dn\.xlarge for endpoint usage' is 0 Instances.*needs 1 GPU.*has none/);
    const described = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpoint })).catch((e) => e);
    expect(described.name).toBe('ValidationException');
  });
});
