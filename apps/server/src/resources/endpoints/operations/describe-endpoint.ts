import type { OperationInput, OperationOutput } from '@tessera/contracts';
import type { Fleet } from '../fleet-shape.ts';
import { currentOrigin } from '../origin.ts';
import type { OpContext } from '../../services.ts';
import { epochSeconds } from '../../domains/views.ts';
import { ownedOrInvalid } from '../../jobs/access.ts';

export async function describeEndpoint(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'DescribeEndpoint'>,
): Promise<OperationOutput<'DescribeEndpoint'>> {
  const { db, arns } = ctx.services;
  const row = ownedOrInvalid(
    ctx.principal,
    await db.endpoint.findUnique({ where: { name: input.EndpointName } }),
    `Could not find endpoint "${arns.named('endpoint', input.EndpointName)}".`,
  );
  const fleet = row.variants as unknown as Fleet | null;
  // What the serving fleet (or, while Creating, the requested one) was made from; the config's
  // name is reported as given even when that config has been deleted since.
  const capture = currentOrigin(row)?.config.DataCaptureConfig;
  return {
    EndpointName: row.name,
    EndpointArn: row.arn,
    EndpointConfigName: row.configName,
    ...(fleet
      ? {
          ProductionVariants: fleet.variants.map((v) => ({
            VariantName: v.name,
            DeployedImages: [{ SpecifiedImage: v.specifiedImage, ResolvedImage: v.image }],
            CurrentWeight: v.weight,
            DesiredWeight: v.weight,
            CurrentInstanceCount: v.instances.length,
            DesiredInstanceCount: v.desiredCount,
          })),
        }
      : {}),
    ...(capture
      ? {
          DataCaptureConfig: {
            EnableCapture: capture.EnableCapture ?? true,
            CaptureStatus: capture.EnableCapture === false ? 'Stopped' : 'Started',
            CurrentSamplingPercentage: capture.InitialSamplingPercentage,
            DestinationS3Uri: capture.DestinationS3Uri,
          },
        }
      : {}),
    EndpointStatus: row.status as never,
    ...(row.failureReason ? { FailureReason: row.failureReason } : {}),
    CreationTime: epochSeconds(row.createdAt),
    LastModifiedTime: epochSeconds(row.updatedAt),
  };
}
