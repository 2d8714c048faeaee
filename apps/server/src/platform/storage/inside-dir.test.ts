// The safe reads, walks and removals, against real files in a temporary directory: an "instance"
// directory a hostile container writes, beside a "secret" outside it that must never be read.
import { execFileSync, spawn } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInside, removeInside, removeTree, walkInside, type WalkEntry } from './inside-dir.ts';

const SECRET = 'the-master-key-0123456789abcdef';
let base: string;
let anchor: string;
let secret: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'inside-dir-'));
  anchor = join(base, 'algo-1');
  secret = join(base, 'secret.key');
  writeFileSync(secret, SECRET);
  mkdirSync(join(anchor, 'output'), { recursive: true });
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const read = (rel: string, maxBytes = 4096) => readInside(anchor, rel, { maxBytes, larger: 'truncate' });

async function walk(rel: string, maxDepth?: number) {
  const seen: { kind: string; path: string; text?: string; why?: string }[] = [];
  await walkInside(
    anchor,
    rel,
    async (e: WalkEntry) => {
      if (e.kind === 'file') seen.push({ kind: 'file', path: e.path, text: (await e.handle.readFile()).toString() });
      else if (e.kind === 'skipped') seen.push({ kind: 'skipped', path: e.path, why: e.why });
      else seen.push({ kind: 'directory', path: e.path });
    },
    maxDepth === undefined ? {} : { maxDepth },
  );
  return seen;
}

describe('readInside', () => {
  it('reads a regular file, bounded: truncated past maxBytes, or refused with its size', async () => {
    writeFileSync(join(anchor, 'output', 'failure'), 'x'.repeat(10_000));
    const head = await read('output/failure', 4096);
    expect(head).toMatchObject({ kind: 'file', size: 10_000, truncated: true });
    expect(head.kind === 'file' && head.bytes.length).toBe(4096);
    const refused = await readInside(anchor, 'output/failure', { maxBytes: 4096, larger: 'refuse' });
    expect(refused).toMatchObject({ kind: 'refused', refused: 'too-large', size: 10_000 });
    writeFileSync(join(anchor, 'output', 'failure'), 'ValueError: no label');
    expect(await read('output/failure')).toMatchObject({ kind: 'file', truncated: false });
  });

  it('refuses a relative symbolic link to a file outside, and never returns its content', async () => {
    symlinkSync('../../secret.key', join(anchor, 'output', 'failure'));
    const r = await read('output/failure');
    expect(r).toMatchObject({ kind: 'refused', refused: 'symlink', path: 'output/failure', why: 'is a symbolic link' });
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('refuses an absolute symbolic link, and one to /proc/self/environ', async () => {
    symlinkSync(secret, join(anchor, 'output', 'failure'));
    expect(await read('output/failure')).toMatchObject({ kind: 'refused', refused: 'symlink' });
    rmSync(join(anchor, 'output', 'failure'));
    symlinkSync('/proc/self/environ', join(anchor, 'output', 'failure'));
    const r = await read('output/failure');
    expect(r).toMatchObject({ kind: 'refused', refused: 'symlink' });
    expect(JSON.stringify(r)).not.toContain('PATH=');
  });

  it('refuses a path through a symbolically linked directory, naming the link', async () => {
    mkdirSync(join(base, 'elsewhere'));
    writeFileSync(join(base, 'elsewhere', 'failure'), SECRET);
    rmSync(join(anchor, 'output'), { recursive: true });
    symlinkSync('../elsewhere', join(anchor, 'output'));
    expect(await read('output/failure')).toMatchObject({ kind: 'refused', refused: 'symlink', path: 'output' });
  });

  it('refuses a hard link, even one whose other name is inside too', async () => {
    writeFileSync(join(anchor, 'output', 'real'), 'text');
    linkSync(join(anchor, 'output', 'real'), join(anchor, 'output', 'failure'));
    expect(await read('output/failure')).toMatchObject({
      kind: 'refused',
      refused: 'hard-link',
      why: 'has 2 hard links',
    });
  });

  it('answers at once for a FIFO and a socket, without opening them', async () => {
    execFileSync('mkfifo', [join(anchor, 'output', 'failure')]);
    const started = Date.now();
    expect(await read('output/failure')).toMatchObject({ kind: 'refused', refused: 'special', why: 'is a FIFO' });
    expect(Date.now() - started).toBeLessThan(1_000);
    const server = createServer();
    await new Promise<void>((r) => server.listen(join(anchor, 'output', 'sock'), r));
    try {
      expect(await read('output/sock')).toMatchObject({ kind: 'refused', refused: 'special', why: 'is a socket' });
    } finally {
      server.close();
    }
  });

  it('refuses `..`, reports a missing file or directory, and a file where a directory should be', async () => {
    expect(await read('../secret.key')).toMatchObject({ kind: 'refused', refused: 'outside' });
    expect(await read('output/nothing')).toMatchObject({ kind: 'refused', refused: 'missing' });
    expect(await read('output')).toMatchObject({ kind: 'refused', refused: 'directory' });
    writeFileSync(join(anchor, 'model'), 'x');
    expect(await read('model/file')).toMatchObject({ kind: 'refused', refused: 'not-a-directory', path: 'model' });
    expect(await readInside(join(base, 'gone'), 'x', { maxBytes: 1, larger: 'truncate' })).toMatchObject({
      refused: 'missing',
    });
  });

  it('never reads the secret while the name flips between a file and a link to it', async () => {
    writeFileSync(join(anchor, 'output', 'plain'), 'plain text');
    const flipper = spawn('python3', [
      '-c',
      [
        'import os, sys, time',
        'out, secret = sys.argv[1], sys.argv[2]',
        'end = time.time() + 2',
        'i = 0',
        'while time.time() < end:',
        '    i += 1',
        "    tmp = os.path.join(out, '.tmp')",
        "    os.symlink(secret, tmp) if i % 2 else os.link(os.path.join(out, 'plain'), tmp)",
        "    os.replace(tmp, os.path.join(out, 'failure'))",
        '    if i % 2 == 0:',
        "        os.unlink(os.path.join(out, 'failure'))",
        "        open(os.path.join(out, 'failure'), 'w').write('mine')",
      ].join('\n'),
      join(anchor, 'output'),
      secret,
    ]);
    const exited = new Promise((resolve) => flipper.on('exit', resolve));
    const texts = new Set<string>();
    const refusals = new Set<string>();
    const until = Date.now() + 1_500;
    while (Date.now() < until) {
      const r = await read('output/failure');
      if (r.kind === 'file') texts.add(r.bytes.toString());
      else refusals.add(r.refused);
    }
    await exited;
    expect([...texts].filter((t) => t.includes(SECRET))).toEqual([]);
    expect(refusals.has('symlink')).toBe(true);
  });
});

describe('walkInside', () => {
  it('visits directories and regular files in name order, and skips links, hard links, FIFOs', async () => {
    mkdirSync(join(anchor, 'model', 'sub'), { recursive: true });
    mkdirSync(join(base, 'outdir'));
    writeFileSync(join(base, 'outdir', 'leak'), SECRET);
    writeFileSync(join(anchor, 'model', 'a.txt'), 'A');
    writeFileSync(join(anchor, 'model', 'sub', 'b.txt'), 'B');
    writeFileSync(join(anchor, 'model', 'shared'), 'S');
    linkSync(join(anchor, 'model', 'shared'), join(anchor, 'model', 'sub', 'twin'));
    symlinkSync('../../secret.key', join(anchor, 'model', 'key'));
    symlinkSync(join(base, 'outdir'), join(anchor, 'model', 'linkdir'));
    execFileSync('mkfifo', [join(anchor, 'model', 'pipe')]);
    expect(await walk('model')).toEqual([
      { kind: 'directory', path: '' },
      { kind: 'file', path: 'a.txt', text: 'A' },
      { kind: 'skipped', path: 'key', why: 'is a symbolic link' },
      { kind: 'skipped', path: 'linkdir', why: 'is a symbolic link' },
      { kind: 'skipped', path: 'pipe', why: 'is a FIFO' },
      { kind: 'skipped', path: 'shared', why: 'has 2 hard links' },
      { kind: 'directory', path: 'sub' },
      { kind: 'file', path: 'sub/b.txt', text: 'B' },
      { kind: 'skipped', path: 'sub/twin', why: 'has 2 hard links' },
    ]);
  });

  it('skips a root that is a link (relative or absolute) or sits behind one; a missing root is empty', async () => {
    symlinkSync('../..', join(anchor, 'model'));
    expect(await walk('model')).toEqual([{ kind: 'skipped', path: '', why: 'is a symbolic link' }]);
    rmSync(join(anchor, 'model'));
    symlinkSync(base, join(anchor, 'model'));
    expect(await walk('model')).toEqual([{ kind: 'skipped', path: '', why: 'is a symbolic link' }]);
    rmSync(join(anchor, 'output'), { recursive: true });
    symlinkSync('/', join(anchor, 'output'));
    expect(await walk('output/data')).toEqual([{ kind: 'skipped', path: '', why: 'is a symbolic link' }]);
    expect(await walk('nothing')).toEqual([]);
  });

  it('skips a name swapped for a link between listing the directory and opening it', async () => {
    mkdirSync(join(anchor, 'model', 'z-dir'), { recursive: true });
    writeFileSync(join(anchor, 'model', 'a'), 'A');
    writeFileSync(join(anchor, 'model', 'b'), 'B');
    writeFileSync(join(anchor, 'model', 'z-dir', 'c'), 'C');
    const seen: string[] = [];
    await walkInside(anchor, 'model', async (e) => {
      seen.push(`${e.kind}:${e.path}`);
      if (e.path === 'a') {
        // Listed already: `b` becomes a link to the secret, `z-dir` a link to the directory above.
        rmSync(join(anchor, 'model', 'b'));
        symlinkSync(secret, join(anchor, 'model', 'b'));
        await rename(join(anchor, 'model', 'z-dir'), join(anchor, 'moved'));
        symlinkSync(base, join(anchor, 'model', 'z-dir'));
      }
      if (e.kind === 'file') expect((await e.handle.readFile()).toString()).not.toBe(SECRET);
    });
    expect(seen).toEqual(['directory:', 'file:a', 'skipped:b', 'skipped:z-dir']);
  });

  it('stops descending past maxDepth', async () => {
    mkdirSync(join(anchor, 'd', '1', '2', '3'), { recursive: true });
    writeFileSync(join(anchor, 'd', '1', '2', '3', 'deep'), 'x');
    expect(await walk('d', 2)).toEqual([
      { kind: 'directory', path: '' },
      { kind: 'directory', path: '1' },
      { kind: 'skipped', path: '1/2', why: 'is more than 2 levels deep' },
    ]);
  });
});

describe('removeInside', () => {
  it('removes the tree and only the tree: links are removed, never followed', async () => {
    mkdirSync(join(base, 'outdir'));
    writeFileSync(join(base, 'outdir', 'keep'), 'K');
    mkdirSync(join(anchor, 'model', 'sub'), { recursive: true });
    writeFileSync(join(anchor, 'model', 'sub', 'f'), 'F');
    symlinkSync(join(base, 'outdir'), join(anchor, 'model', 'sub', 'out'));
    symlinkSync('../../..', join(anchor, 'model', 'up'));
    linkSync(secret, join(anchor, 'model', 'hard'));
    execFileSync('mkfifo', [join(anchor, 'model', 'pipe')]);
    await removeInside(anchor, 'model');
    expect(readdirSync(anchor)).toEqual(['output']);
    expect(readdirSync(join(base, 'outdir'))).toEqual(['keep']);
    await removeTree(anchor);
    expect(readdirSync(base).sort()).toEqual(['outdir', 'secret.key']);
    await removeTree(anchor); // already gone
  });

  it('removes nothing behind a directory on the way that is a link', async () => {
    mkdirSync(join(base, 'outdir', 'model'), { recursive: true });
    writeFileSync(join(base, 'outdir', 'model', 'keep'), 'K');
    symlinkSync(join(base, 'outdir'), join(anchor, 'inner'));
    await removeInside(anchor, 'inner/model');
    expect(readdirSync(join(base, 'outdir', 'model'))).toEqual(['keep']);
  });
});
