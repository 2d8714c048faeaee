import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { absentInvalid, validation } from '../../../platform/errors.ts';
import type { OpContext } from '../../services.ts';
import { checkBuckets, visibleTo } from '../../jobs/access.ts';
import { offeredInstanceType } from '../../catalog/offered-type.ts';

export async function createEndpointConfig(
  ctx: OpContext<'arns' | 'db' | 'objects'>,
  input: OperationInput<'CreateEndpointConfig'>,
): Promise<OperationOutput<'CreateEndpointConfig'>> {
  const { db, arns } = ctx.services;
  const arn = arns.named('endpoint-config', input.EndpointConfigName);
  const names = new Set<string>();
  for (const v of input.ProductionVariants) {
    if (names.has(v.VariantName))
      throw validation(`ProductionVariants: the variant name ${v.VariantName} is used twice`);
    names.add(v.VariantName);
    if (v.ServerlessConfig)
      throw validation(
        `Variant ${v.VariantName}: serverless inference is not supported; give InstanceType and InitialInstanceCount`,
      );
    if (!v.ModelName) throw validation(`Variant ${v.VariantName}: ModelName is required`);
    if (!v.InstanceType) throw validation(`Variant ${v.VariantName}: InstanceType is required`);
    const model = await db.model.findUnique({ where: { name: v.ModelName } });
    if (!model || !visibleTo(ctx.principal, model))
      throw absentInvalid(`Could not find model "${arns.named('model', v.ModelName)}".`);
    await offeredInstanceType(db, v.InstanceType, `Variant ${v.VariantName}: InstanceType`);
  }
  if (input.DataCaptureConfig)
    await checkBuckets(ctx.services, ctx.principal, [
      { field: 'DataCaptureConfig.DestinationS3Uri', uri: input.DataCaptureConfig.DestinationS3Uri },
    ]);
  if (await db.endpointConfig.findUnique({ where: { name: input.EndpointConfigName } }))
    throw validation(`Cannot create already existing endpoint configuration "${arn}".`);
  await db.endpointConfig.create({
    data: { name: input.EndpointConfigName, arn, ownerUserId: ctx.principal.userId, spec: input as never },
  });
  if (input.Tags?.length)
    await db.tag.createMany({ data: input.Tags.map((t) => ({ resourceArn: arn, key: t.Key, value: t.Value })) });
  return { EndpointConfigArn: arn };
}
