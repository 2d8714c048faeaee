// The object store as the owner of a piece of work may use it. A job, an endpoint or a transform
// checks its buckets when it is created, but runs later — and a bucket name may have changed hands
// meanwhile (deleted, then made again by someone else; the SDK's default bucket name is the same
// for every user). So every use is checked again, at the moment of use, by the same records:
// reading someone else's model or writing into their bucket fails instead.
import type { ObjectStore } from '../../platform/objects/object-store.ts';
import type { Services } from '../services.ts';
import { ownerMayUseBucket } from './access.ts';

const TTL_MS = 2_000;

export class BucketNotOwned extends Error {}

/** Whether `ownerUserId` may use `bucket` now; answers are kept for two seconds. */
export function createBucketGuard(s: Pick<Services, 'db' | 'objects'>) {
  const seen = new Map<string, { at: number; ok: boolean }>();
  return async (ownerUserId: string | null, bucket: string): Promise<boolean> => {
    const key = `${ownerUserId}\0${bucket}`;
    const hit = seen.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.ok;
    const ok = await ownerMayUseBucket(s, ownerUserId, bucket);
    if (seen.size > 10_000) seen.clear();
    seen.set(key, { at: Date.now(), ok });
    return ok;
  };
}

/** `s.objects` for work owned by `ownerUserId`: every bucket it touches must still be theirs. */
export function ownerStore(s: Pick<Services, 'db' | 'objects'>, ownerUserId: string | null): ObjectStore {
  const guard = createBucketGuard(s);
  const check = async (bucket: string) => {
    if (!(await guard(ownerUserId, bucket)))
      throw new BucketNotOwned(
        `the bucket ${bucket} no longer belongs to this work's owner (it was deleted, or made again by someone ` +
          'else); name a bucket of your own',
      );
  };
  return {
    kind: s.objects.kind,
    async get(bucket, key) {
      await check(bucket);
      return s.objects.get(bucket, key);
    },
    async put(bucket, key, body, opts) {
      await check(bucket);
      return s.objects.put(bucket, key, body, opts);
    },
    async *list(bucket, prefix) {
      await check(bucket);
      yield* s.objects.list(bucket, prefix);
    },
    async bucketExists(bucket) {
      if (!(await s.objects.bucketExists(bucket))) return false;
      await check(bucket);
      return true;
    },
  };
}
