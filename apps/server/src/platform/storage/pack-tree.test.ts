// Packing a container's directory: what goes into the archive, what is skipped and reported.
import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Refused } from './inside-dir.ts';
import { packTree } from './pack-tree.ts';

const SECRET = 'the-master-key-0123456789abcdef';
let base: string;
let anchor: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'pack-tree-'));
  anchor = join(base, 'algo-1');
  mkdirSync(join(anchor, 'model'), { recursive: true });
  writeFileSync(join(base, 'secret.key'), SECRET);
  writeFileSync(join(base, 'tessera.db'), 'SQLite format 3\0');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

async function pack(rel: string) {
  const skips: Refused[] = [];
  const chunks: Buffer[] = [];
  for await (const c of packTree(anchor, rel, (s) => void skips.push(s))) chunks.push(c as Buffer);
  const gz = Buffer.concat(chunks);
  const entries: { path: string; type: string; mode: number; body: string }[] = [];
  const bodies: Promise<unknown>[] = [];
  const parser = new tar.Parser({
    onReadEntry: (e) => {
      const entry = { path: e.path.replace(/\/$/, ''), type: e.type, mode: e.mode ?? 0, body: '' };
      entries.push(entry);
      bodies.push(text(e as unknown as AsyncIterable<Buffer>).then((t) => (entry.body = t)));
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(gz);
  });
  await Promise.all(bodies);
  return { gz, raw: gunzipSync(gz), entries, skips: skips.map((s) => `${s.path} ${s.why}`) };
}

describe('packTree', () => {
  it('packs regular files and directories, with paths below the directory and no set-id bits', async () => {
    mkdirSync(join(anchor, 'model', 'sub'));
    writeFileSync(join(anchor, 'model', 'model.joblib'), 'weights');
    writeFileSync(join(anchor, 'model', 'empty'), '');
    const long = `${'n'.repeat(120)}/${'f'.repeat(120)}.txt`;
    mkdirSync(join(anchor, 'model', 'n'.repeat(120)));
    writeFileSync(join(anchor, 'model', long), 'long');
    writeFileSync(join(anchor, 'model', 'sub', 'run.sh'), 'echo');
    chmodSync(join(anchor, 'model', 'sub', 'run.sh'), 0o4755);
    const { entries, skips } = await pack('model');
    expect(skips).toEqual([]);
    expect(entries.map((e) => [e.path, e.type, e.body])).toEqual([
      ['empty', 'File', ''],
      ['model.joblib', 'File', 'weights'],
      ['n'.repeat(120), 'Directory', ''],
      [long, 'File', 'long'],
      ['sub', 'Directory', ''],
      ['sub/run.sh', 'File', 'echo'],
    ]);
    expect(entries.find((e) => e.path === 'sub/run.sh')!.mode).toBe(0o755);
  });

  it('skips and reports links, hard links and FIFOs; nothing of what they point at goes in', async () => {
    writeFileSync(join(anchor, 'model', 'ok.txt'), 'ok');
    symlinkSync('../../secret.key', join(anchor, 'model', 'key'));
    symlinkSync(base, join(anchor, 'model', 'datadir'));
    linkSync(join(base, 'tessera.db'), join(anchor, 'model', 'db'));
    execFileSync('mkfifo', [join(anchor, 'model', 'pipe')]);
    const { entries, skips, raw } = await pack('model');
    expect(entries.map((e) => e.path)).toEqual(['ok.txt']);
    expect(skips).toEqual([
      'datadir is a symbolic link',
      'db has 2 hard links',
      'key is a symbolic link',
      'pipe is a FIFO',
    ]);
    expect(raw.includes(SECRET)).toBe(false);
    expect(raw.includes('SQLite format 3')).toBe(false);
  });

  it('gives the empty archive for a directory that is a link to the data directory, or missing', async () => {
    rmSync(join(anchor, 'model'), { recursive: true });
    symlinkSync('../..', join(anchor, 'model'));
    const linked = await pack('model');
    expect(linked.entries).toEqual([]);
    expect(linked.skips).toEqual([' is a symbolic link']);
    expect(linked.raw).toEqual(Buffer.alloc(1024));
    const missing = await pack('output/data');
    expect(missing.skips).toEqual([]);
    expect(missing.raw).toEqual(Buffer.alloc(1024));
  });

  it('ends the walk when the consumer gives up, instead of holding files open', async () => {
    for (let i = 0; i < 50; i++) writeFileSync(join(anchor, 'model', `f${i}`), Buffer.alloc(256 * 1024, i));
    const out = packTree(anchor, 'model', () => undefined);
    await new Promise((r) => out.once('data', r));
    out.destroy();
    await new Promise((r) => setTimeout(r, 200));
    const open = execFileSync('ls', ['-l', `/proc/${process.pid}/fd`]).toString();
    expect(open).not.toContain(join(anchor, 'model'));
  });
});
