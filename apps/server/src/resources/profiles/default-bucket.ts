// Each user's default bucket, which Studio's SageMaker SDK config names (DefaultS3Bucket): the SDK
// would otherwise call it sagemaker-<region>-<account> for everyone, and bucket names are global
// here as in S3. The name carries a random part chosen once and kept, so nobody can take a user's
// default bucket before they use it; the bucket is made (owned by the user) when first needed.
import { randomBytes } from 'node:crypto';
import { LocalStore } from '../../platform/objects/local-store.ts';
import type { Services } from '../services.ts';

const settingKey = (userId: string) => `defaultBucket:${userId}`;

export async function ensureDefaultBucket(
  s: Pick<Services, 'db' | 'objects' | 'config' | 'arns'>,
  userId: string,
): Promise<string> {
  const make = async (name: string) => {
    await s.db.bucket.create({ data: { name, ownerUserId: userId } }).catch(() => undefined);
    if (s.objects instanceof LocalStore) await s.objects.createBucket(name).catch(() => undefined);
  };
  const kept = (await s.db.setting.findUnique({ where: { key: settingKey(userId) } }))?.value;
  const keptRow = kept ? await s.db.bucket.findUnique({ where: { name: kept } }) : null;
  // A kept name whose bucket is now someone else's (deleted by its owner, then taken) is given up.
  if (kept && (!keptRow || keptRow.ownerUserId === userId)) {
    if (!keptRow) await make(kept);
    return kept;
  }
  const fresh = `sagemaker-${s.config.region}-${s.arns.accountId}-${randomBytes(4).toString('hex')}`;
  await s.db.setting.upsert({
    where: { key: settingKey(userId) },
    create: { key: settingKey(userId), value: fresh },
    update: { value: fresh },
  });
  await make(fresh);
  return fresh;
}
