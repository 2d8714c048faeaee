import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { createAppRow } from '../create-app-row.ts';
import { kernelDefaults } from '../defaults.ts';
import { profileOf } from '../find-app.ts';
import { resolveImage } from '../app-image.ts';
import { DEFAULT_CPU_INSTANCE_TYPE } from '../../catalog/builtins.ts';
import { validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { findUserProfile } from '../../common/lookups.ts';

export async function createApp(
  ctx: OpContext<'arns' | 'caches' | 'db' | 'events' | 'reconciler' | 'runtimes'>,
  input: OperationInput<'CreateApp'>,
): Promise<OperationOutput<'CreateApp'>> {
  const { db, arns } = ctx.services;
  const userProfileName = profileOf(input);
  const profile = await findUserProfile(ctx, 'CreateApp', input.DomainId, userProfileName);
  const spec = input.ResourceSpec ?? {};

  if (input.AppType === 'JupyterServer') {
    if (input.AppName !== 'default')
      throw validation(`A JupyterServer app must be named "default", not "${input.AppName}"`);
    if (spec.InstanceType && spec.InstanceType !== 'system')
      throw validation(`A JupyterServer app runs on the "system" instance type, not ${spec.InstanceType}`);
    const row = await createAppRow(ctx.services, {
      domainId: input.DomainId,
      userProfileName,
      appType: 'JupyterServer',
      appName: 'default',
      instanceType: 'system',
      tags: input.Tags,
    });
    return { AppArn: row.arn };
  }
  if (input.AppType !== 'KernelGateway') {
    throw validation(
      `AppType ${input.AppType} is not supported here; Tessera runs JupyterServer and KernelGateway apps`,
    );
  }
  const domain = await db.domain.findUniqueOrThrow({ where: { id: input.DomainId } });
  const defaults = kernelDefaults(domain, profile, (arn) => arns.parse(arn)?.resource);
  const image = await resolveImage(db, {
    imageArn: spec.SageMakerImageArn ?? (spec.SageMakerImageVersionArn ? undefined : arns.image(defaults.imageName)),
    imageVersionArn: spec.SageMakerImageVersionArn,
  });
  // The profile's or domain's configured type first, as for kernels; else the image's own (a GPU
  // image's is a GPU type, refused below with the reason where the host has none).
  const instanceType =
    spec.InstanceType ?? defaults.configuredInstanceType ?? image.defaultInstanceType ?? DEFAULT_CPU_INSTANCE_TYPE;
  if (instanceType === 'system')
    throw validation('KernelGateway apps need an ml.* instance type; "system" is for the JupyterServer app');
  const row = await createAppRow(ctx.services, {
    domainId: input.DomainId,
    userProfileName,
    appType: 'KernelGateway',
    appName: input.AppName,
    instanceType,
    imageArn: image.imageArn,
    imageVersionArn: image.imageVersionArn,
    tags: input.Tags,
  });
  return { AppArn: row.arn };
}
