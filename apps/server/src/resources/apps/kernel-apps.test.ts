import { describe, expect, it } from 'vitest';
import { kernelDefaults } from './defaults.ts';
import { kernelAppName, kernelNameOf, parseKernelName } from './kernel-apps.ts';

describe('Studio kernel names', () => {
  it('round-trip image and instance type, including dotted and double-underscored image names', () => {
    expect(kernelNameOf('datascience', 'ml.t3.medium')).toBe('datascience__ml.t3.medium');
    expect(parseKernelName('datascience__ml.t3.medium')).toEqual({
      imageName: 'datascience',
      instanceType: 'ml.t3.medium',
    });
    expect(parseKernelName('team__v2__ml.m5.large')).toEqual({ imageName: 'team__v2', instanceType: 'ml.m5.large' });
    expect(parseKernelName('python3')).toBeUndefined();
    expect(parseKernelName('__ml.t3.medium')).toBeUndefined();
  });

  it('names kernel apps with the characters app names allow', () => {
    expect(kernelAppName('datascience', 'ml.t3.medium')).toBe('datascience-ml-t3-medium');
    expect(kernelAppName('team.v2', 'ml.m5.large')).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/);
    expect(kernelAppName('x'.repeat(80), 'ml.m5.large').length).toBeLessThanOrEqual(63);
  });
});

describe('kernel defaults', () => {
  const nameOf = (arn: string) => arn.split('/').pop();
  it('take the profile over the domain over the built-in default', () => {
    expect(kernelDefaults({ defaultUserSettings: {} }, { userSettings: null }, nameOf)).toMatchObject({
      instanceType: 'ml.t3.medium',
      imageName: 'datascience',
    });
    const domain = {
      defaultUserSettings: {
        KernelGatewayAppSettings: {
          DefaultResourceSpec: { InstanceType: 'ml.m5.large', SageMakerImageArn: 'arn:x:image/minimal' },
        },
      },
    };
    expect(kernelDefaults(domain, { userSettings: null }, nameOf)).toMatchObject({
      instanceType: 'ml.m5.large',
      imageName: 'minimal',
    });
    const profile = {
      userSettings: { KernelGatewayAppSettings: { DefaultResourceSpec: { InstanceType: 'ml.c5.large' } } },
    };
    expect(kernelDefaults(domain, profile, nameOf)).toMatchObject({
      instanceType: 'ml.c5.large',
      imageName: 'minimal',
    });
  });

  it("fall back to the image's own instance type (a GPU image's) when neither profile nor domain names one", () => {
    const gpuImage = (name: string) => (name === 'pytorch' ? 'ml.g4dn.xlarge' : null);
    const onPytorch = {
      userSettings: { KernelGatewayAppSettings: { DefaultResourceSpec: { SageMakerImageArn: 'arn:x:image/pytorch' } } },
    };
    expect(kernelDefaults({ defaultUserSettings: {} }, onPytorch, nameOf, gpuImage)).toEqual({
      configuredInstanceType: undefined,
      instanceType: 'ml.g4dn.xlarge',
      imageName: 'pytorch',
    });
    const domain = {
      defaultUserSettings: { KernelGatewayAppSettings: { DefaultResourceSpec: { InstanceType: 'ml.m5.large' } } },
    };
    expect(kernelDefaults(domain, onPytorch, nameOf, gpuImage).instanceType).toBe('ml.m5.large');
    expect(kernelDefaults({ defaultUserSettings: {} }, { userSettings: null }, nameOf, gpuImage).instanceType).toBe(
      'ml.t3.medium',
    );
  });
});
