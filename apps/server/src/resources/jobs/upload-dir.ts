// Processing outputs: every file under a LocalPath goes to the output's S3 prefix, keyed by its
// path below LocalPath (not archived, as SageMaker uploads them). The container wrote the tree, so
// it is walked without following links (platform/storage/inside-dir.ts): only regular files go up,
// read through the handle that was checked, and whatever is left out is reported, one line each.
import { parseS3Uri, type ObjectStore } from '../../platform/objects/object-store.ts';
import { walkInside } from '../../platform/storage/inside-dir.ts';
import { skippedName } from './upload-output.ts';

/**
 * Uploads the directory `rel` of an instance's directory `instanceDir` (the container sees it as
 * `containerPath`); returns how many files went up.
 */
export async function uploadDir(
  store: ObjectStore,
  tree: { instanceDir: string; rel: string; containerPath: string },
  s3Uri: string,
  report: (line: string) => Promise<void>,
): Promise<number> {
  const loc = parseS3Uri(s3Uri);
  if (!loc) throw new Error(`${s3Uri} is not an s3:// URI`);
  const base = loc.key.replace(/\/+$/, '');
  let n = 0;
  await walkInside(tree.instanceDir, tree.rel, async (e) => {
    if (e.kind === 'skipped') {
      await report(
        `${s3Uri}: left out ${skippedName(tree.containerPath, e)}; only regular files and directories are uploaded`,
      );
      return;
    }
    if (e.kind !== 'file') return;
    const key = `${base ? `${base}/` : ''}${e.path}`;
    const body = e.stat.size
      ? e.handle.createReadStream({ start: 0, end: e.stat.size - 1, autoClose: false })
      : Buffer.alloc(0);
    await store.put(loc.bucket, key, body, { contentLength: e.stat.size });
    n++;
  });
  return n;
}
