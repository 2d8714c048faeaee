// Uploading: what the containers left in /opt/ml/model and /opt/ml/output/data goes to S3 as
// model.tar.gz and output.tar.gz under S3OutputPath/<job>/output/, as SageMaker names them. The
// container wrote those directories, so only their regular files and directories are packed
// (platform/storage/pack-tree.ts); whatever is left out is reported, one line each.
import { parseS3Uri, type ObjectStore } from '../../platform/objects/object-store.ts';
import { packTree } from '../../platform/storage/pack-tree.ts';
import type { Refused } from '../../platform/storage/inside-dir.ts';

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

/** "/opt/ml/model/key, which is a symbolic link": what a skip is, in the container's own paths. */
export function skippedName(containerDir: string, skip: Refused): string {
  return `${skip.path ? `${containerDir}/${skip.path}` : containerDir}, which ${skip.why}`;
}

/**
 * Tars and gzips the directory `rel` of an instance's /opt/ml (`optMlDir` on this host), entries at
 * the archive's top level, into the store. Each name left out goes to `report` as a sentence.
 */
export async function uploadTarGz(
  store: ObjectStore,
  tree: { optMlDir: string; rel: string },
  target: { bucket: string; key: string },
  report: (line: string) => Promise<void>,
): Promise<void> {
  const file = target.key.split('/').pop();
  const stream = packTree(tree.optMlDir, tree.rel, (skip) =>
    report(
      `${file}: left out ${skippedName(`/opt/ml/${tree.rel}`, skip)}; only regular files and directories are packed`,
    ),
  );
  await store.put(target.bucket, target.key, stream, { contentType: 'application/x-gzip' });
}
