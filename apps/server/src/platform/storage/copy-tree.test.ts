import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyTree, measureTree } from './copy-tree.ts';

let base: string;
let src: string;
let dest: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'tessera-copy-'));
  src = join(base, 'home');
  dest = join(base, 'volume');
  mkdirSync(src);
  mkdirSync(dest);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('copying a tree its tenant writes', () => {
  it('keeps contents, owners, modes, links as links and hard links as links; leaves out FIFOs', async () => {
    mkdirSync(join(src, 'env', 'lib'), { recursive: true });
    writeFileSync(join(src, 'env', 'lib', 'a.py'), 'print(1)\n');
    linkSync(join(src, 'env', 'lib', 'a.py'), join(src, 'env', 'a-again.py'));
    writeFileSync(join(src, 'notes.txt'), 'x'.repeat(100_000));
    chmodSync(join(src, 'notes.txt'), 0o640);
    chownSync(join(src, 'notes.txt'), 101000, 100100);
    chownSync(join(src, 'env'), 101000, 100100);
    symlinkSync('/etc/passwd', join(src, 'passwd-link'));
    execFileSync('mkfifo', [join(src, 'pipe')]);

    const size = await measureTree(src);
    expect(size.inodes).toBe(7); // the root, env, lib, a.py (twice named), notes.txt, the link, the FIFO
    expect(size.bytes).toBeGreaterThanOrEqual(100_000);

    expect(await copyTree(src, dest)).toEqual({ leftOut: 1 });
    expect(readFileSync(join(dest, 'env', 'lib', 'a.py'), 'utf8')).toBe('print(1)\n');
    expect(statSync(join(dest, 'env', 'a-again.py')).ino).toBe(statSync(join(dest, 'env', 'lib', 'a.py')).ino);
    const notes = statSync(join(dest, 'notes.txt'));
    expect([notes.size, notes.mode & 0o777, notes.uid, notes.gid]).toEqual([100_000, 0o640, 101000, 100100]);
    expect([statSync(join(dest, 'env')).uid, statSync(join(dest, 'env')).gid]).toEqual([101000, 100100]);
    // The link is copied as a link: its text, never what it points at.
    expect(lstatSync(join(dest, 'passwd-link')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dest, 'passwd-link'))).toBe('/etc/passwd');
    expect(() => lstatSync(join(dest, 'pipe'))).toThrow(/ENOENT/);
  });

  it('keeps a sparse file sparse, and leaves out one larger than the destination holds', async () => {
    execFileSync('truncate', ['-s', '64M', join(src, 'hole')]);
    execFileSync('truncate', ['-s', '1T', join(src, 'huge')]);
    writeFileSync(join(src, 'data'), 'x');
    expect(await copyTree(src, dest, 2 ** 30)).toEqual({ leftOut: 1 });
    const hole = statSync(join(dest, 'hole'));
    expect(hole.size).toBe(64 * 2 ** 20);
    expect(hole.blocks).toBe(0);
    expect(() => lstatSync(join(dest, 'huge'))).toThrow(/ENOENT/);
    expect(readFileSync(join(dest, 'data'), 'utf8')).toBe('x');
  });

  it('never walks through a directory that is a link to the host', async () => {
    const host = join(base, 'host');
    mkdirSync(host);
    writeFileSync(join(host, 'secret.key'), 'the server secret');
    symlinkSync(host, join(src, 'dir'));
    await copyTree(src, dest);
    expect(readlinkSync(join(dest, 'dir'))).toBe(host);
    expect(() => lstatSync(join(dest, 'secret.key'))).toThrow(/ENOENT/);
    expect((await measureTree(src)).bytes).toBeLessThan(8192);
  });
});
