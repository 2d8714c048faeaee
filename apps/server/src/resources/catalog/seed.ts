// Writes the built-in instance types and images at start-up. Idempotent: rows an admin edited
// keep their edits (only missing rows are created).
import type { Db } from '@tessera/db';
import type { Arns } from '../../platform/arns.ts';
import { BUILT_IN_IMAGES, BUILT_IN_INSTANCE_TYPES } from './builtins.ts';

export async function seedCatalog(db: Db, arns: Arns): Promise<void> {
  for (const t of BUILT_IN_INSTANCE_TYPES) {
    await createIfMissing(() => db.instanceType.upsert({ where: { name: t.name }, create: t, update: {} }));
  }
  for (const image of BUILT_IN_IMAGES) {
    const arn = arns.image(image.name);
    await createIfMissing(() =>
      db.image.upsert({
        where: { name: image.name },
        create: {
          name: image.name,
          arn,
          displayName: image.displayName,
          description: image.description,
          status: 'CREATED',
          builtIn: true,
          defaultInstanceType: image.defaultInstanceType,
        },
        update: {},
      }),
    );
    // Rows seeded before images had a default get the built-in one; one an admin set is kept.
    await db.image.updateMany({
      where: { name: image.name, builtIn: true, defaultInstanceType: null },
      data: { defaultInstanceType: image.defaultInstanceType },
    });
    await createIfMissing(() =>
      db.imageVersion.upsert({
        where: { imageName_version: { imageName: image.name, version: 1 } },
        create: {
          id: `${image.name}-1`,
          imageName: image.name,
          version: 1,
          arn: arns.imageVersion(image.name, 1),
          baseImage: image.containerImage,
          containerImage: image.containerImage,
          status: 'CREATED',
        },
        update: {},
      }),
    );
  }
}

// Prisma's upsert is a read then an insert on PostgreSQL, so two servers starting together on one
// database can both try the insert. The loser's row exists by then, which is all the seed wants.
async function createIfMissing(upsert: () => Promise<unknown>): Promise<void> {
  try {
    await upsert();
  } catch (e) {
    if ((e as { code?: string }).code !== 'P2002') throw e;
  }
}
