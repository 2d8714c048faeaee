// Uploading: what the containers left in /opt/ml/model and /opt/ml/output/data goes to S3 as
// model.tar.gz and output.tar.gz under S3OutputPath/<job>/output/, as SageMaker names them.
import { readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { Readable } from 'node:stream';
import * as tar from 'tar';
import { parseS3Uri, type ObjectStore } from '../../platform/objects/object-store.ts';

export function outputKey(
  s3OutputPath: string,
  jobName: string,
  file: string,
): { bucket: string; key: string; uri: string } {
  const loc = parseS3Uri(s3OutputPath);
  if (!loc) throw new Error(`S3OutputPath ${s3OutputPath} is not an s3:// URI`);
  const base = loc.key.replace(/\/+$/, '');
  const key = `${base ? `${base}/` : ''}${jobName}/output/${file}`;
  return { bucket: loc.bucket, key, uri: `s3://${loc.bucket}/${key}` };
}

/** Tars and gzips the contents of `dir` (entries at the archive's top level) into the store. */
export async function uploadTarGz(store: ObjectStore, dir: string, bucket: string, key: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  if (!entries.length) {
    // An empty tree still yields an archive (SageMaker uploads one): two zero blocks, gzipped.
    await store.put(bucket, key, gzipSync(Buffer.alloc(1024)), { contentType: 'application/x-gzip' });
    return;
  }
  const stream = tar.c({ gzip: true, cwd: dir, portable: true }, entries);
  await store.put(bucket, key, stream as unknown as Readable, { contentType: 'application/x-gzip' });
}
