import { describe, expect, it } from 'vitest';
import type { InstanceType, StudioImage } from '../types.ts';
import { imageDefaultNote, instanceTypeForImage } from './choice-selects.ts';

const image = (ImageName: string, DefaultInstanceType?: string): StudioImage => ({
  ImageName,
  ImageArn: `arn:aws:sagemaker:us-east-1:123456789012:image/${ImageName}`,
  DisplayName: ImageName,
  BuiltIn: true,
  ...(DefaultInstanceType ? { DefaultInstanceType } : {}),
});
const type = (Name: string, Available: boolean): InstanceType => ({
  Name,
  VCpu: 4,
  MemoryGiB: 16,
  Gpus: Name.includes('g4dn') ? 1 : 0,
  FastLaunch: false,
  Available,
  ...(Available ? {} : { UnavailableReason: 'Needs 1 GPU; the docker runtime on this host has none' }),
});
const ds = image('datascience', 'ml.t3.medium');
const minimal = image('minimal', 'ml.t3.medium');
const pytorch = image('pytorch', 'ml.g4dn.xlarge');

describe('choosing an image in the launcher', () => {
  it("brings the image's own instance type when it differs from the last image's and can run", () => {
    const gpuHost = [type('ml.t3.medium', true), type('ml.m5.4xlarge', true), type('ml.g4dn.xlarge', true)];
    expect(instanceTypeForImage(ds, pytorch, gpuHost, 'ml.t3.medium')).toBe('ml.g4dn.xlarge');
    expect(instanceTypeForImage(pytorch, ds, gpuHost, 'ml.g4dn.xlarge')).toBe('ml.t3.medium');
    // Between like images a user's own choice stays.
    expect(instanceTypeForImage(ds, minimal, gpuHost, 'ml.m5.4xlarge')).toBe('ml.m5.4xlarge');
    expect(instanceTypeForImage(ds, image('custom'), gpuHost, 'ml.m5.4xlarge')).toBe('ml.m5.4xlarge');
  });

  it('stays on a type that runs where the image is made for one that does not, and says why', () => {
    const cpuHost = [type('ml.t3.medium', true), type('ml.g4dn.xlarge', false)];
    expect(instanceTypeForImage(ds, pytorch, cpuHost, 'ml.t3.medium')).toBe('ml.t3.medium');
    expect(imageDefaultNote(pytorch, cpuHost, 'ml.t3.medium')).toMatch(
      /^pytorch is made for ml\.g4dn\.xlarge, which cannot run here: Needs 1 GPU.*Its kernels run on ml\.t3\.medium\.$/,
    );
    expect(imageDefaultNote(ds, cpuHost, 'ml.t3.medium')).toBeUndefined();
  });
});
