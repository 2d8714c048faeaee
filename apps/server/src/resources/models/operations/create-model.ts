import type {
  ContainerDefinition,
  CreateModelPackageRequest,
  OperationInput,
  OperationOutput,
} from '@tessera/contracts';
import { inUse, validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { checkBuckets } from '../../jobs/access.ts';
import { resolveImage } from '../../jobs/images.ts';
import { findPackage } from '../../registry/lookup.ts';

/**
 * A container naming a model package takes its image, model data and environment from the package's
 * inference specification (the caller's Environment added on top), as SageMaker resolves it.
 */
async function fromPackage(ctx: OpContext<'db'>, c: ContainerDefinition): Promise<ContainerDefinition> {
  if (!c.ModelPackageName) return c;
  if (c.Image || c.ModelDataUrl)
    throw validation('Give either ModelPackageName or Image and ModelDataUrl in a container, not both');
  const p = await findPackage(ctx, c.ModelPackageName);
  const containers = (p.spec as unknown as CreateModelPackageRequest).InferenceSpecification?.Containers ?? [];
  const from = containers[0];
  if (!from) throw validation(`Model package ${p.arn} has no InferenceSpecification to create a model from`);
  if (containers.length > 1)
    throw validation(
      `Model package ${p.arn} has ${containers.length} containers: inference pipelines are not supported`,
    );
  return {
    ...c,
    Image: from.Image,
    ...(from.ModelDataUrl ? { ModelDataUrl: from.ModelDataUrl } : {}),
    ...(from.Environment || c.Environment ? { Environment: { ...from.Environment, ...c.Environment } } : {}),
    ModelPackageName: p.arn,
  };
}

export async function createModel(
  ctx: OpContext<'arns' | 'db' | 'events' | 'objects' | 'runtimes'>,
  input: OperationInput<'CreateModel'>,
): Promise<OperationOutput<'CreateModel'>> {
  const { db, arns, runtimes } = ctx.services;
  const containers = input.PrimaryContainer ? [input.PrimaryContainer] : (input.Containers ?? []);
  if (!containers.length) throw validation('A model needs PrimaryContainer (or Containers) with an Image');
  if (containers.length > 1)
    throw validation('Inference pipelines (several Containers) are not supported: give one PrimaryContainer');
  const c = await fromPackage(ctx, containers[0]!);
  if (!c.Image) throw validation('PrimaryContainer.Image (or ModelPackageName) is required');
  if (c.Mode === 'MultiModel')
    throw validation('Multi-model endpoints (Mode MultiModel) are not supported: use SingleModel');
  const { image } = resolveImage(c.Image);
  const refused = await runtimes.current.refusal({
    kind: 'Endpoint',
    image,
    owner: { userId: ctx.principal.userId, username: ctx.principal.username },
  });
  if (refused) throw validation(`PrimaryContainer.Image ${c.Image} (${image}) cannot run: ${refused}`);
  const uris = [c.ModelDataUrl, c.Environment?.SAGEMAKER_SUBMIT_DIRECTORY].filter(
    (u): u is string => !!u && u.startsWith('s3://'),
  );
  await checkBuckets(
    ctx.services,
    ctx.principal,
    uris.map((uri) => ({ field: 'PrimaryContainer', uri })),
  );
  const arn = arns.named('model', input.ModelName);
  if (await db.model.findUnique({ where: { name: input.ModelName } }))
    throw validation(`Cannot create already existing model "${arn}".`);
  try {
    // Stored with the container as resolved: the model runs what the package said when it was made.
    const { Containers: _one, ...rest } = input;
    await db.model.create({
      data: {
        name: input.ModelName,
        arn,
        ownerUserId: ctx.principal.userId,
        spec: { ...rest, PrimaryContainer: c } as never,
      },
    });
  } catch {
    throw inUse(`Cannot create already existing model "${arn}".`);
  }
  if (input.Tags?.length)
    await db.tag.createMany({ data: input.Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
  ctx.services.events.publish({
    type: 'model.created',
    resourceArn: arn,
    detail: { name: input.ModelName },
    audienceUserIds: [ctx.principal.userId],
  });
  return { ModelArn: arn };
}
