// model.tar.gz / output.tar.gz from a directory a container wrote. Only what walkInside hands out
// goes in — directories, and regular files read through the handle that was checked — so links,
// hard-linked files, devices, FIFOs and sockets never do; each is reported to `onSkip` instead.
// node-tar's packer reads by path, which would follow a name swapped after it was checked, so the
// archive is written with tar-stream from our own handles.
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { walkInside, type Refused } from './inside-dir.ts';

/** What a tenant's tree may not put into an archive: set-id bits, owners. */
const header = (name: string, stat: Stats) => ({ name, mode: stat.mode & 0o777, mtime: stat.mtime, uid: 0, gid: 0 });

function addFile(pack: tarStream.Pack, name: string, stat: Stats, handle: FileHandle): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error | null) => (err ? reject(err) : resolve());
    const entry = { ...header(name, stat), type: 'file' as const, size: stat.size };
    if (stat.size === 0) {
      pack.entry(entry, Buffer.alloc(0), done);
      return;
    }
    const sink = pack.entry(entry, done);
    // Exactly the size in the header: a file that shrinks since fstat fails the archive (tar-stream's
    // size check) rather than corrupting it; one that grows is cut at its checked size.
    const source = handle.createReadStream({ start: 0, end: stat.size - 1, autoClose: false });
    source.on('error', (err) => sink.destroy(err));
    sink.on('error', () => undefined); // reported through the entry's callback
    source.pipe(sink as unknown as NodeJS.WritableStream);
  });
}

/**
 * A gzipped tar of the directory `rel` below `anchor` (see walkInside), entries relative to it.
 * A missing directory, or one refused whole, gives the empty archive SageMaker uploads too.
 */
export function packTree(anchor: string, rel: string, onSkip: (skip: Refused) => Promise<void> | void): Readable {
  const pack = tarStream.pack();
  const gzip = createGzip();
  pack.on('error', (err: Error) => gzip.destroy(err));
  // streamx's pipe destroys the pack when the consumer gives up (an upload that failed), which
  // fails the pending entry and so ends the walk: no file stays open.
  pack.pipe(gzip as unknown as NodeJS.WritableStream);
  void walkInside(anchor, rel, async (e) => {
    if (e.kind === 'skipped') await onSkip(e);
    else if (e.kind === 'directory') {
      if (e.path)
        await new Promise<void>((ok, no) =>
          pack.entry({ ...header(e.path, e.stat), type: 'directory' }, (err) => (err ? no(err) : ok())),
        );
    } else await addFile(pack, e.path, e.stat, e.handle);
  }).then(
    () => pack.finalize(),
    (err: Error) => gzip.destroy(err),
  );
  return gzip;
}
