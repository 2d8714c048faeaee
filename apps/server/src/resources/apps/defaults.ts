// The instance type and image a new KernelGateway app gets when the request names none: the
// user profile's KernelGatewayAppSettings.DefaultResourceSpec, else the domain's default user
// settings, else the Data Science image, and for the instance type the image's own default
// (ml.g4dn.xlarge for a GPU image), else ml.t3.medium.
import type { Domain, UserProfile } from '@tessera/db';
import type { Services } from '../services.ts';
import { gpuShortfall } from '../quotas/gpu-capacity.ts';
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
  imageDefaultOf: (imageName: string) => string | null | undefined = () => undefined,
) {
  const mine = spec(profile.userSettings);
  const domainWide = spec(domain.defaultUserSettings);
  const imageArn = mine.SageMakerImageArn ?? domainWide.SageMakerImageArn;
  const imageName = (imageArn && imageNameOf(imageArn)) || DEFAULT_IMAGE;
  /** What the profile or domain asks for, if anything. */
  const configured = mine.InstanceType ?? domainWide.InstanceType;
  return {
    configuredInstanceType: configured,
    instanceType: configured ?? imageDefaultOf(imageName) ?? DEFAULT_CPU_INSTANCE_TYPE,
    imageName,
  };
}

/**
 * kernelDefaults with the default image's own instance type read from the catalog — unless this
 * host cannot run it (a GPU type without GPUs), when the default stays a kernel that can start.
 */
export async function loadKernelDefaults(
  s: Pick<Services, 'db' | 'arns' | 'runtimes'>,
  domain: Pick<Domain, 'defaultUserSettings'>,
  profile: Pick<UserProfile, 'userSettings'>,
) {
  const imageDefault = async (name: string) => {
    const type = (await s.db.image.findUnique({ where: { name }, select: { defaultInstanceType: true } }))
      ?.defaultInstanceType;
    return type && !(await gpuShortfall(s, type)) ? type : undefined;
  };
  const first = kernelDefaults(domain, profile, (arn) => s.arns.parse(arn)?.resource);
  if (first.configuredInstanceType) return first;
  const own = await imageDefault(first.imageName);
  return own ? { ...first, instanceType: own } : first;
}
