// The SageMaker image registry through the JS SDK: images, versions, AppImageConfigs.
import {
  CreateAppCommand,
  CreateAppImageConfigCommand,
  CreateImageCommand,
  CreateImageVersionCommand,
  DeleteAppImageConfigCommand,
  DeleteImageCommand,
  DescribeAppCommand,
  DescribeAppImageConfigCommand,
  DescribeImageCommand,
  DescribeImageVersionCommand,
  ListAppImageConfigsCommand,
  ListImagesCommand,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { appKey, studioUser } from './studio-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });
const RoleArn = 'arn:aws:iam::123456789012:role/ImageRole';

describe('image registry', () => {
  it('creates an image and versions, lists and describes them, and deletes the image', async () => {
    const ImageName = uniqueName('img');
    const { ImageArn } = await h.sagemaker.send(
      new CreateImageCommand({
        ImageName,
        RoleArn,
        DisplayName: 'My kernel',
        Description: 'team image',
        Tags: [{ Key: 'team', Value: 'ml' }],
      }),
    );
    expect(ImageArn).toMatch(new RegExp(`:image/${ImageName}$`));
    const dup = await h.sagemaker.send(new CreateImageCommand({ ImageName, RoleArn })).catch((e) => e);
    expect(dup.name).toBe('ResourceInUse');
    const v1 = await h.sagemaker.send(
      new CreateImageVersionCommand({ ImageName, BaseImage: 'team/kernel:1', ClientToken: 'token-1' }),
    );
    const v2 = await h.sagemaker.send(
      new CreateImageVersionCommand({ ImageName, BaseImage: 'team/kernel:2', ClientToken: 'token-2' }),
    );
    expect(v1.ImageVersionArn).toMatch(/image-version\/.+\/1$/);
    expect(v2.ImageVersionArn).toMatch(/image-version\/.+\/2$/);
    const latest = await h.sagemaker.send(new DescribeImageVersionCommand({ ImageName }));
    expect(latest).toMatchObject({ Version: 2, BaseImage: 'team/kernel:2', ImageVersionStatus: 'CREATED', ImageArn });
    expect((await h.sagemaker.send(new DescribeImageVersionCommand({ ImageName, Version: 1 }))).BaseImage).toBe(
      'team/kernel:1',
    );
    const described = await h.sagemaker.send(new DescribeImageCommand({ ImageName }));
    expect(described).toMatchObject({
      ImageName,
      ImageArn,
      DisplayName: 'My kernel',
      Description: 'team image',
      ImageStatus: 'CREATED',
      RoleArn,
    });
    const byName = await h.sagemaker.send(new ListImagesCommand({ NameContains: ImageName }));
    expect(byName.Images!.map((i) => i.ImageName)).toEqual([ImageName]);
    const paged = await h.sagemaker.send(
      new ListImagesCommand({ MaxResults: 1, SortBy: 'IMAGE_NAME', SortOrder: 'ASCENDING' }),
    );
    expect(paged.Images).toHaveLength(1);
    expect(paged.NextToken).toBeDefined();
    const next = await h.sagemaker.send(
      new ListImagesCommand({
        MaxResults: 1,
        SortBy: 'IMAGE_NAME',
        SortOrder: 'ASCENDING',
        NextToken: paged.NextToken,
      }),
    );
    expect(next.Images![0]!.ImageName! > paged.Images![0]!.ImageName!).toBe(true);

    const builtIn = await h.sagemaker.send(new DeleteImageCommand({ ImageName: 'datascience' })).catch((e) => e);
    expect(builtIn.message).toMatch(/built in and cannot be deleted/);
    await h.sagemaker.send(new DeleteImageCommand({ ImageName }));
    expect((await h.sagemaker.send(new DescribeImageCommand({ ImageName })).catch((e) => e)).name).toBe(
      'ResourceNotFound',
    );
  });

  it('keeps AppImageConfigs', async () => {
    const AppImageConfigName = uniqueName('cfg');
    const config = {
      KernelSpecs: [{ Name: 'python3', DisplayName: 'Python 3 (team)' }],
      FileSystemConfig: { MountPath: '/home/sagemaker-user', DefaultUid: 1000, DefaultGid: 100 },
    };
    const { AppImageConfigArn } = await h.sagemaker.send(
      new CreateAppImageConfigCommand({ AppImageConfigName, KernelGatewayImageConfig: config }),
    );
    expect(AppImageConfigArn).toMatch(/:app-image-config\//);
    expect(
      (await h.sagemaker.send(new DescribeAppImageConfigCommand({ AppImageConfigName }))).KernelGatewayImageConfig,
    ).toEqual(config);
    expect(
      (
        await h.sagemaker.send(new ListAppImageConfigsCommand({ NameContains: AppImageConfigName }))
      ).AppImageConfigs!.map((c) => c.AppImageConfigName),
    ).toEqual([AppImageConfigName]);
    const bad = await h.sagemaker
      .send(
        new CreateAppImageConfigCommand({
          AppImageConfigName: uniqueName('cfg'),
          KernelGatewayImageConfig: { KernelSpecs: [] },
        }),
      )
      .catch((e) => e);
    expect(bad.name).toBe('ValidationException');
    await h.sagemaker.send(new DeleteAppImageConfigCommand({ AppImageConfigName }));
    expect(
      (await h.sagemaker.send(new DescribeAppImageConfigCommand({ AppImageConfigName })).catch((e) => e)).name,
    ).toBe('ResourceNotFound');
  });

  it(
    'lets only admins change the registry, ' + 'and fails a custom image on the process backend with the reason',
    async () => {
      const u = await studioUser(h);
      const denied = await u.sagemaker
        .send(new CreateImageCommand({ ImageName: uniqueName('img'), RoleArn }))
        .catch((e) => e);
      expect(denied.name).toBe('AccessDeniedException');
      const ImageName = uniqueName('custom');
      const { ImageArn } = await h.sagemaker.send(new CreateImageCommand({ ImageName, RoleArn }));
      await h.sagemaker.send(
        new CreateImageVersionCommand({ ImageName, BaseImage: 'team/kernel:1', ClientToken: 't' }),
      );
      const key = appKey(u, 'KernelGateway', 'custom');
      await u.sagemaker.send(new CreateAppCommand({ ...key, ResourceSpec: { SageMakerImageArn: ImageArn } }));
      const failed = await waitFor(async () => {
        const d = await u.sagemaker.send(new DescribeAppCommand(key));
        return d.Status === 'Failed' ? d : undefined;
      }, 'custom image app failed');
      expect(failed.FailureReason).toMatch(/the image team\/kernel:1 cannot run here.*docker runtime runs any image/);
    },
  );
});
