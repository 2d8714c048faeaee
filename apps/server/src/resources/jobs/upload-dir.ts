// Processing outputs: every file under a LocalPath goes to the output's S3 prefix, keyed by its
// path below LocalPath (not archived, as SageMaker uploads them).
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseS3Uri, type ObjectStore } from '../../platform/objects/object-store.ts';

async function* files(dir: string): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.isFile()) yield p;
  }
}

/** Uploads the tree; returns how many files went up. */
export async function uploadDir(store: ObjectStore, dir: string, s3Uri: string): Promise<number> {
  const loc = parseS3Uri(s3Uri);
  if (!loc) throw new Error(`${s3Uri} is not an s3:// URI`);
  const base = loc.key.replace(/\/+$/, '');
  let n = 0;
  for await (const file of files(dir)) {
    const key = `${base ? `${base}/` : ''}${relative(dir, file).split(sep).join('/')}`;
    await store.put(loc.bucket, key, createReadStream(file), { contentLength: (await stat(file)).size });
    n++;
  }
  return n;
}
