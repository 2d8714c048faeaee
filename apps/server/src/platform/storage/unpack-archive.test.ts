// Unpacking hostile archives, built entry by entry with tar-stream so that they can hold what no
// honest tool writes: `../` and absolute names, links out, device nodes, bombs.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as tarStream from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveRefused, unpackArchive, type UnpackLimits } from './unpack-archive.ts';

type Entry = Partial<tarStream.Header> & { name: string; body?: string | Buffer };

const LIMITS: UnpackLimits = { maxBytes: 1024 ** 3, maxEntries: 100_000, maxPathBytes: 4096, maxDepth: 128 };
let base: string;
let dir: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'unpack-'));
  dir = join(base, 'algo-1', 'code');
  mkdirSync(dir, { recursive: true });
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

async function tarOf(entries: Iterable<Entry>): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack) chunks.push(Buffer.from(c as Uint8Array));
  })();
  for (const { body, ...header } of entries) {
    await new Promise<void>((resolve, reject) =>
      body === undefined
        ? pack.entry(header, (err) => (err ? reject(err) : resolve()))
        : pack.entry(header, body, (err) => (err ? reject(err) : resolve())),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}
const tgz = async (entries: Iterable<Entry>) => gzipSync(await tarOf(entries));

async function unpack(archive: Buffer, limits: Partial<UnpackLimits> = {}) {
  return unpackArchive(Readable.from([archive]), dir, { ...LIMITS, ...limits }, 'sourcedir.tar.gz');
}
async function refusal(archive: Buffer, limits: Partial<UnpackLimits> = {}): Promise<string> {
  const err = await unpack(archive, limits).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err).toBeInstanceOf(ArchiveRefused);
  return err!.message;
}
/** Nothing was written beside the extraction directory. */
const outsideUntouched = () => {
  expect(readdirSync(base)).toEqual(['algo-1']);
  expect(readdirSync(join(base, 'algo-1'))).toEqual(['code']);
};

describe('unpackArchive', () => {
  it('unpacks files, directories, links that stay inside and hard links inside; no set-id bits', async () => {
    const r = await unpack(
      await tgz([
        { name: 'train.py', body: 'print(1)' },
        { name: 'lib', type: 'directory' },
        { name: 'lib/v1', type: 'directory' },
        { name: 'lib/v1/util.py', body: 'x = 1' },
        { name: 'lib/current', type: 'symlink', linkname: 'v1' },
        { name: 'lib/up', type: 'symlink', linkname: '../train.py' },
        { name: 'again.py', type: 'link', linkname: 'train.py' },
        { name: 'run.sh', body: 'echo', mode: 0o4755 },
      ]),
    );
    expect(r).toEqual({ entries: 8, bytes: 8 + 5 + 4 });
    expect(readFileSync(join(dir, 'lib', 'current', 'util.py'), 'utf8')).toBe('x = 1');
    expect(readlinkSync(join(dir, 'lib', 'up'))).toBe('../train.py');
    expect(readFileSync(join(dir, 'again.py'), 'utf8')).toBe('print(1)');
    expect(statSync(join(dir, 'run.sh')).mode & 0o7777).toBe(0o755);
    outsideUntouched();
  });

  it('unpacks a plain (not gzipped) tar too', async () => {
    await unpack(await tarOf([{ name: 'a.txt', body: 'a' }]));
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('a');
  });

  it('refuses `../` and absolute entries, writing nothing outside', async () => {
    expect(await refusal(await tgz([{ name: '../../escaped', body: 'x' }]))).toBe(
      'sourcedir.tar.gz has an entry ../../escaped that leads outside the directory it unpacks into',
    );
    expect(await refusal(await tgz([{ name: 'ok/../../escaped', body: 'x' }]))).toMatch(/leads outside/);
    expect(await refusal(await tgz([{ name: join(base, 'abs'), body: 'x' }]))).toMatch(/leads outside/);
    outsideUntouched();
  });

  it('refuses a link that leads out, and a file written through it', async () => {
    const target = join(base, 'algo-1');
    const msg = await refusal(
      await tgz([
        { name: 'evil', type: 'symlink', linkname: target },
        { name: 'evil/planted', body: 'x' },
      ]),
    );
    expect(msg).toBe(
      `sourcedir.tar.gz has a symbolic link evil -> ${target} that leads outside the directory it unpacks into`,
    );
    expect(await refusal(await tgz([{ name: 'a/up', type: 'symlink', linkname: '../../x' }]))).toMatch(/leads outside/);
    outsideUntouched();
  });

  it('refuses a file written through a link the archive made, even one that stays inside', async () => {
    const msg = await refusal(
      await tgz([
        { name: 'sub', type: 'directory' },
        { name: 'here', type: 'symlink', linkname: 'sub' },
        { name: 'here/file', body: 'x' },
      ]),
    );
    expect(msg).toBe('sourcedir.tar.gz has an entry here/file inside here, which is a symbolic link');
    expect(existsSync(join(dir, 'sub', 'file'))).toBe(false);
  });

  it('refuses links that only lead out once other links on disk are followed', async () => {
    // a/b/up -> ../.. is the root itself; x -> a/b/up/.. reads as a/b but is the root's parent.
    const chain = await refusal(
      await tgz([
        { name: 'a/b', type: 'directory' },
        { name: 'a/b/up', type: 'symlink', linkname: '../..' },
        { name: 'x', type: 'symlink', linkname: 'a/b/up/..' },
      ]),
    );
    expect(chain).toBe(
      'sourcedir.tar.gz has a symbolic link x -> a/b/up/.. that leads outside the directory it unpacks into',
    );
    rmSync(dir, { recursive: true });
    mkdirSync(dir);
    // A hard link to a link would be the same link at another place, where `../..` leads out.
    const hard = await refusal(
      await tgz([
        { name: 'a/b', type: 'directory' },
        { name: 'a/b/up', type: 'symlink', linkname: '../..' },
        { name: 'h', type: 'link', linkname: 'a/b/up' },
      ]),
    );
    expect(hard).toBe('sourcedir.tar.gz has a hard link h to a/b/up, which is not a file unpacked before it');
    outsideUntouched();
  });

  it('lets a later entry replace an earlier file, never a directory by a link to write through', async () => {
    await unpack(
      await tgz([
        { name: 'a.txt', body: 'first' },
        { name: 'a.txt', body: 'second' },
      ]),
    );
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('second');
    const msg = await refusal(
      await tgz([
        { name: 'sub', type: 'directory' },
        { name: 'sub', type: 'symlink', linkname: '.' },
        { name: 'sub/x', body: 'x' },
      ]),
    );
    expect(msg).toBe('sourcedir.tar.gz has an entry sub that would replace a directory');
    outsideUntouched();
  });

  it('refuses hard links to files outside, devices and FIFOs', async () => {
    expect(await refusal(await tgz([{ name: 'passwd', type: 'link', linkname: '/etc/passwd' }]))).toBe(
      'sourcedir.tar.gz has a hard link passwd to /etc/passwd, outside the directory it unpacks into',
    );
    expect(await refusal(await tgz([{ name: 'p', type: 'link', linkname: '../../../etc/passwd' }]))).toMatch(
      /hard link p to/,
    );
    expect(await refusal(await tgz([{ name: 'sda', type: 'block-device', devmajor: 8, devminor: 0 }]))).toBe(
      'sourcedir.tar.gz has a block device entry sda; only files, directories and links inside it are unpacked',
    );
    expect(await refusal(await tgz([{ name: 'null', type: 'character-device', devmajor: 1, devminor: 3 }]))).toMatch(
      /character device entry null/,
    );
    expect(await refusal(await tgz([{ name: 'pipe', type: 'fifo' }]))).toMatch(/a FIFO entry pipe/);
    expect(readdirSync(dir)).toEqual([]);
    outsideUntouched();
  });

  it('refuses an archive of 200 000 tiny entries at the entry limit', async () => {
    // One empty-directory entry, 200 000 times (each is an entry; none costs a file on disk).
    const block = (await tarOf([{ name: 'd', type: 'directory' }])).subarray(0, 512);
    const archive = gzipSync(Buffer.concat([...Array.from({ length: 200_000 }, () => block), Buffer.alloc(1024)]));
    expect(await refusal(archive)).toBe('sourcedir.tar.gz has more than 100000 entries');
  });

  it('refuses entries that add up past the byte limit, before writing past it', async () => {
    const mib = Buffer.alloc(1024 * 1024);
    const files = Array.from({ length: 40 }, (_, i) => ({ name: `part-${i}`, body: mib }));
    expect(await refusal(await tgz(files), { maxBytes: 16 * 1024 * 1024 })).toBe(
      'sourcedir.tar.gz unpacks to more than 16777216 bytes',
    );
    const written = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    expect(written).toBeLessThanOrEqual(16 * 1024 * 1024);
  });

  it('stops inflating a gzip bomb (10 MB that inflate to 10 GiB) at the limit', async () => {
    // 10 240 gzip members of 1 MiB of zeros each: a valid gzip stream of 10 GiB.
    const member = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 10_240 }, () => member));
    expect(bomb.length).toBeLessThan(12 * 1024 * 1024);
    const started = Date.now();
    expect(await refusal(bomb, { maxBytes: 16 * 1024 * 1024, maxEntries: 100 })).toBe(
      'sourcedir.tar.gz unpacks to more than 16777216 bytes',
    );
    // Inflating all of it takes far longer than this.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses paths that are too long or too deep', async () => {
    expect(await refusal(await tgz([{ name: 'a'.repeat(300), body: 'x' }]), { maxPathBytes: 255 })).toBe(
      'sourcedir.tar.gz has an entry whose path is longer than 255 bytes',
    );
    expect(await refusal(await tgz([{ name: 'a/'.repeat(10) + 'f', body: 'x' }]), { maxDepth: 8 })).toMatch(
      /^sourcedir.tar.gz has an entry nested deeper than 8 directories/,
    );
  });

  it('says when the bytes are not a tar archive at all', async () => {
    expect(await refusal(gzipSync(Buffer.from('this is not a tar archive, just text'.repeat(40))))).toMatch(
      /^sourcedir.tar.gz (is not a valid tar archive|could not be unpacked safely)/,
    );
  });
});
