// The instance type and image a new KernelGateway app gets when the request names none: the
// user profile's KernelGatewayAppSettings.DefaultResourceSpec, else the domain's default user
// settings, else ml.t3.medium with the Data Science image.
import type { Domain, UserProfile } from '@tessera/db';
import { DEFAULT_CPU_INSTANCE_TYPE, DEFAULT_IMAGE } from '../catalog/builtins.ts';

interface ResourceSpecLike {
  InstanceType?: string;
  SageMakerImageArn?: string;
}

function spec(settings: unknown): ResourceSpecLike {
  const s = settings as { KernelGatewayAppSettings?: { DefaultResourceSpec?: ResourceSpecLike } } | null;
  return s?.KernelGatewayAppSettings?.DefaultResourceSpec ?? {};
}

export function kernelDefaults(
  domain: Pick<Domain, 'defaultUserSettings'>,
  profile: Pick<UserProfile, 'userSettings'>,
  imageNameOf: (arn: string) => string | undefined,
) {
  const mine = spec(profile.userSettings);
  const domainWide = spec(domain.defaultUserSettings);
  const imageArn = mine.SageMakerImageArn ?? domainWide.SageMakerImageArn;
  return {
    instanceType: mine.InstanceType ?? domainWide.InstanceType ?? DEFAULT_CPU_INSTANCE_TYPE,
    imageName: (imageArn && imageNameOf(imageArn)) || DEFAULT_IMAGE,
  };
}
