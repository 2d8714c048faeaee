// Resolves the image a KernelGateway app names (by image ARN or image-version ARN) to rows.
import type { Db } from '@tessera/db';
import { validation } from '../../platform/errors.ts';

export async function resolveImage(
  db: Db,
  spec: { imageArn?: string | undefined; imageVersionArn?: string | undefined },
) {
  if (spec.imageVersionArn) {
    const version = await db.imageVersion.findUnique({
      where: { arn: spec.imageVersionArn },
      include: { image: true },
    });
    if (!version)
      throw validation(
        `SageMakerImageVersionArn ${spec.imageVersionArn} does not name an image version; see ListImages`,
      );
    return {
      imageArn: version.image.arn,
      imageVersionArn: version.arn,
      imageName: version.imageName,
      defaultInstanceType: version.image.defaultInstanceType,
    };
  }
  const image = await db.image.findUnique({ where: { arn: spec.imageArn ?? '' } });
  if (!image) throw validation(`SageMakerImageArn ${spec.imageArn} does not name an image; see ListImages`);
  const version = await db.imageVersion.findFirst({ where: { imageName: image.name, status: 'CREATED' } });
  if (!version) throw validation(`Image ${image.name} has no version yet; create one with CreateImageVersion`);
  return {
    imageArn: image.arn,
    imageVersionArn: undefined,
    imageName: image.name,
    defaultInstanceType: image.defaultInstanceType,
  };
}
