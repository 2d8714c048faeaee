// Walks a bucket's key tree (key-path.ts) depth-first in S3's key order, reading only the
// directories that can hold keys under the prefix and past the bound. The bound is read afresh
// at every step, so a caller that rolls keys up into a common prefix can raise it and the walk
// skips the rest of that subtree without reading it.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEntry } from './key-path.ts';

export interface WalkBound {
  /** Only keys strictly greater than this (UTF-8 bytes). */
  after?: Buffer;
}

export interface WalkedKey {
  key: Buffer;
  file: string;
}

const startsWith = (a: Buffer, b: Buffer) => a.length >= b.length && a.compare(b, 0, b.length, 0, b.length) === 0;

export async function* walkKeys(bucketDir: string, prefix: Buffer, bound: WalkBound): AsyncGenerator<WalkedKey> {
  // Set once a key sorts past every key the prefix allows: nothing later can match either.
  let finished = false;

  async function* walk(dir: string, above: Buffer): AsyncGenerator<WalkedKey> {
    let names;
    try {
      names = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // pruned by a concurrent delete
      throw err;
    }
    const entries = names
      .map((d) => ({ name: d.name, parsed: parseEntry(d.name, d.isDirectory()) }))
      .filter((e): e is { name: string; parsed: NonNullable<typeof e.parsed> } => e.parsed !== undefined)
      .map((e) => ({ name: e.name, object: e.parsed.object, key: Buffer.concat([above, e.parsed.piece]) }))
      .sort((a, b) => a.key.compare(b.key) || (a.object ? -1 : 0) - (b.object ? -1 : 0));
    for (const e of entries) {
      if (finished) return;
      const { key } = e;
      const after = bound.after;
      if (e.object) {
        if (!startsWith(key, prefix)) {
          if (key.compare(prefix) > 0) finished = true;
          continue;
        }
        if (after && key.compare(after) <= 0) continue;
        yield { key, file: join(dir, e.name) };
      } else {
        // Everything below starts with `key`.
        if (!startsWith(key, prefix) && !startsWith(prefix, key)) {
          if (key.compare(prefix) > 0) finished = true;
          continue;
        }
        if (after && key.compare(after) < 0 && !startsWith(after, key)) continue;
        yield* walk(join(dir, e.name), key);
      }
    }
  }

  yield* walk(bucketDir, Buffer.alloc(0));
}
