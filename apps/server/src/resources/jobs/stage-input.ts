// Downloading: the job's S3 data into each instance's /opt/ml, as SageMaker's File mode delivers
// it. An S3Prefix channel gets every object under the prefix, keyed by what follows the prefix;
// ShardedByS3Key deals the objects out to the instances in key order (round-robin), so each sees
// 1/N of them. Script-mode code (sagemaker_submit_directory on S3) is unpacked into /opt/ml/code,
// within limits (platform/storage/unpack-archive.ts). Everything here writes into an /opt/ml tree
// made fresh for this attempt, before any container runs on it.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, posix, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Channel } from '@tessera/contracts';
import { parseS3Uri, type ObjectStore, type ObjectSummary } from '../../platform/objects/object-store.ts';
import {
  ArchiveRefused,
  copyBounded,
  unpackArchive,
  type UnpackLimits,
} from '../../platform/storage/unpack-archive.ts';

/** Where an object lands under the channel directory; undefined when it would escape it. */
export function channelPath(channelDir: string, prefix: string, key: string): string | undefined {
  let rel = key.slice(prefix.length).replace(/^\/+/, '');
  if (!rel) rel = posix.basename(key);
  if (!rel || rel.endsWith('/')) return undefined; // a "directory marker" object
  const target = resolve(channelDir, rel);
  return target.startsWith(resolve(channelDir) + sep) ? target : undefined;
}

export async function listChannel(
  store: ObjectStore,
  uri: string,
): Promise<{ bucket: string; prefix: string; objects: ObjectSummary[] }> {
  const loc = parseS3Uri(uri);
  if (!loc) throw new Error(`${uri} is not an s3:// URI`);
  if (!(await store.bucketExists(loc.bucket))) throw new Error(`the bucket ${loc.bucket} of ${uri} does not exist`);
  const objects: ObjectSummary[] = [];
  for await (const o of store.list(loc.bucket, loc.key)) objects.push(o);
  return { bucket: loc.bucket, prefix: loc.key, objects };
}

export async function download(store: ObjectStore, bucket: string, key: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await pipeline(await store.get(bucket, key), createWriteStream(target));
}

/**
 * Downloads one channel for every host. Returns the number of objects each host received, so a
 * channel that matched nothing can fail the job with a clear reason, as SageMaker does.
 */
export async function stageChannel(store: ObjectStore, channel: Channel, hostDirs: string[]): Promise<number[]> {
  const source = channel.DataSource.S3DataSource!;
  const targets = hostDirs.map((d) => join(d, 'input', 'data', channel.ChannelName));
  return stagePrefix(store, source.S3Uri, targets, source.S3DataDistributionType === 'ShardedByS3Key');
}

/** Every object under `uri` into each target directory (or dealt out among them when `sharded`). */
export async function stagePrefix(
  store: ObjectStore,
  uri: string,
  targets: string[],
  sharded: boolean,
): Promise<number[]> {
  const { bucket, prefix, objects } = await listChannel(store, uri);
  const counts = targets.map(() => 0);
  for (let i = 0; i < objects.length; i++) {
    const o = objects[i]!;
    const hosts = sharded ? [i % targets.length] : targets.map((_, h) => h);
    for (const h of hosts) {
      const target = channelPath(targets[h]!, prefix, o.key);
      if (!target) continue;
      await download(store, bucket, o.key, target);
      counts[h]!++;
    }
  }
  return counts;
}

/** An archive's S3 key: unpacked, rather than copied as one file. */
export const isArchive = (key: string) => /\.(tar\.gz|tgz|tar)$/.test(key);

/**
 * Unpacks the archive at `uri` (or copies a single file) into `dir`, which is fresh and empty,
 * within `limits` (ArchiveRefused names `uri` and the limit broken).
 */
export async function stageArchive(store: ObjectStore, uri: string, dir: string, limits: UnpackLimits): Promise<void> {
  const loc = parseS3Uri(uri);
  if (!loc) throw new Error(`${uri} is not an s3:// URI`);
  await mkdir(dir, { recursive: true });
  const body = await store.get(loc.bucket, loc.key);
  if (isArchive(loc.key)) {
    await unpackArchive(body, dir, limits, uri);
    return;
  }
  const name = posix.basename(loc.key);
  if (!name || name === '.' || name === '..') {
    body.destroy();
    throw new ArchiveRefused(`${uri} does not name a file`);
  }
  await copyBounded(body, createWriteStream(join(dir, name), { flags: 'wx' }), limits.maxBytes, uri);
}

/** Unpacks a `sourcedir.tar.gz` (or copies a single script) from S3 into `codeDir`. */
export async function stageCode(store: ObjectStore, uri: string, codeDir: string, limits: UnpackLimits): Promise<void> {
  if (!parseS3Uri(uri)) throw new Error(`sagemaker_submit_directory ${uri} is not an s3:// URI`);
  await stageArchive(store, uri, codeDir, limits);
}
