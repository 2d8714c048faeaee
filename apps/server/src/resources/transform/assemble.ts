// Where a transform reads and writes, and how one object's answers become its output object:
// each input `<prefix>/<rel>` is written to `<S3OutputPath>/<rel>.out`, its outputs in record
// order, joined by newlines (AssembleWith Line) or back to back (None).
import { posix } from 'node:path';
import { parseS3Uri } from '../../platform/objects/object-store.ts';

const NL = 0x0a;

/** AssembleWith Line: every chunk ends with a newline (added only where missing). None: as they came. */
export function assemble(chunks: (Buffer | string)[], assembleWith: 'None' | 'Line'): Buffer {
  const parts: Buffer[] = [];
  for (const c of chunks) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    parts.push(b);
    if (assembleWith === 'Line' && (b.length === 0 || b[b.length - 1] !== NL)) parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/**
 * The part of `key` the output keeps: what follows the prefix when the prefix ends at a "/" (or is
 * the object itself: its file name); else what follows the prefix's folder, so `data/in` matching
 * `data/input-2/a.csv` gives `input-2/a.csv`, not `put-2/a.csv`.
 */
export function relativeKey(prefix: string, key: string): string {
  if (key === prefix) return posix.basename(key);
  if (prefix === '' || prefix.endsWith('/') || key[prefix.length] === '/')
    return key.slice(prefix.length).replace(/^\/+/, '');
  const folder = prefix.lastIndexOf('/');
  return key.slice(folder + 1);
}

export function outputLocation(s3OutputPath: string, relative: string): { bucket: string; key: string } {
  const loc = parseS3Uri(s3OutputPath);
  if (!loc) throw new Error(`S3OutputPath ${s3OutputPath} is not an s3:// URI`);
  const base = loc.key.replace(/\/+$/, '');
  return { bucket: loc.bucket, key: `${base ? `${base}/` : ''}${relative}.out` };
}

/**
 * A ManifestFile: a JSON array whose first item is `{"prefix": "s3://bucket/folder/"}` and the rest
 * keys relative to it. Gives the objects to read with the relative key each output keeps.
 */
export function parseManifest(text: string): { bucket: string; objects: { key: string; relative: string }[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error('the manifest is not JSON');
  }
  if (!Array.isArray(doc) || !doc.length)
    throw new Error('the manifest must be a JSON array: [{"prefix": "s3://bucket/folder/"}, "relative/key", ...]');
  const head = doc[0] as { prefix?: unknown };
  const loc = typeof head?.prefix === 'string' ? parseS3Uri(head.prefix) : undefined;
  if (!loc) throw new Error('the manifest\'s first item must be {"prefix": "s3://bucket/folder/"}');
  const objects = doc.slice(1).map((rel, i) => {
    if (typeof rel !== 'string' || !rel) throw new Error(`manifest item ${i + 2} is not a key`);
    return { key: loc.key + rel, relative: rel.replace(/^\/+/, '') };
  });
  return { bucket: loc.bucket, objects };
}
