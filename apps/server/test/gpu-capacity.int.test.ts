// GPU instance types on a host without GPUs: refused when the work is asked for, with the
// ResourceLimitExceeded SageMaker gives for an instance type over the account's limit, and a
// reason a person can act on — never a job or endpoint that is accepted and fails later.
import {
  CreateAppCommand,
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  DescribeEndpointCommand,
  DescribeAppCommand,
  DescribeTrainingJobCommand,
  ListAppsCommand,
  ListImagesCommand,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { giveProfile, otherUser, uniqueName, useHarness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, workUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });

describe('GPU instance types where the host has no GPU', () => {
  it('offers PyTorch (GPU), which starts on ml.g4dn.xlarge: refused early here, runs on CPU when asked', async () => {
    const u = await otherUser(h);
    const { domainId, profile } = await giveProfile(h, u.username);
    const images = (await u.session.rest('GET', '/api/v1/images')).body.Images as Record<string, unknown>[];
    expect(images.find((i) => i.ImageName === 'pytorch')).toMatchObject({
      DisplayName: 'PyTorch (GPU)',
      DefaultInstanceType: 'ml.g4dn.xlarge',
    });
    expect(images.find((i) => i.ImageName === 'datascience')?.DefaultInstanceType).toBe('ml.t3.medium');
    const listed = await h.sagemaker.send(new ListImagesCommand({}));
    const pytorch = listed.Images!.find((i) => i.ImageName === 'pytorch')!;

    // No instance type asked for: the image's own, which this host cannot give.
    const refused = await u.sagemaker
      .send(
        new CreateAppCommand({
          DomainId: domainId,
          UserProfileName: profile,
          AppType: 'KernelGateway',
          AppName: 'pytorch-default',
          ResourceSpec: { SageMakerImageArn: pytorch.ImageArn },
        }),
      )
      .catch((e) => e);
    expect(refused.name).toBe('ResourceLimitExceeded');
    expect(refused.message).toMatch(/'ml\.g4dn\.xlarge for KernelGateway apps' is 0 Instances.*needs 1 GPU.*has none/);
    const apps = await u.sagemaker.send(
      new ListAppsCommand({ DomainIdEquals: domainId, UserProfileNameEquals: profile }),
    );
    expect(apps.Apps ?? []).toEqual([]);

    // Asked for a CPU type, the same image runs on it.
    await u.sagemaker.send(
      new CreateAppCommand({
        DomainId: domainId,
        UserProfileName: profile,
        AppType: 'KernelGateway',
        AppName: 'pytorch-cpu',
        ResourceSpec: { SageMakerImageArn: pytorch.ImageArn, InstanceType: 'ml.t3.medium' },
      }),
    );
    const app = await u.sagemaker.send(
      new DescribeAppCommand({
        DomainId: domainId,
        UserProfileName: profile,
        AppType: 'KernelGateway',
        AppName: 'pytorch-cpu',
      }),
    );
    expect(app.ResourceSpec).toMatchObject({ SageMakerImageArn: pytorch.ImageArn, InstanceType: 'ml.t3.medium' });
  });

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
