import type { OperationInput, OperationOutput } from '@tessera/contracts';
import { requireAdmin } from '../../../platform/identity/policy.ts';
import { notFound } from '../../../platform/errors.ts';
import { newId } from '../../../platform/identity/ids.ts';
import type { OpContext } from '../../services.ts';
import { writeTransaction } from '../../../platform/db/transaction.ts';

// BaseImage names a container image the backend can run (on Docker: a local image; the image
// must start a Jupyter server as the built-in kernel images do). The version is usable at once.
export async function createImageVersion(
  ctx: OpContext<'arns' | 'db'>,
  input: OperationInput<'CreateImageVersion'>,
): Promise<OperationOutput<'CreateImageVersion'>> {
  const { db, arns } = ctx.services;
  requireAdmin(ctx.principal, 'CreateImageVersion', arns.image(input.ImageName));
  const arn = await writeTransaction(db, async (tx) => {
    const image = await tx.image.findUnique({ where: { name: input.ImageName } });
    if (!image) throw notFound(`Image ${input.ImageName} does not exist; create it with CreateImage`);
    const last = await tx.imageVersion.findFirst({ where: { imageName: image.name }, orderBy: { version: 'desc' } });
    const version = (last?.version ?? 0) + 1;
    const versionArn = arns.imageVersion(image.name, version);
    await tx.imageVersion.create({
      data: {
        id: newId(),
        imageName: image.name,
        version,
        arn: versionArn,
        baseImage: input.BaseImage,
        containerImage: input.BaseImage,
        status: 'CREATED',
      },
    });
    return versionArn;
  });
  return { ImageVersionArn: arn };
}
