import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalStore } from './local-store.ts';
import { MIN_PART_BYTES } from './local-multipart.ts';

const root = mkdtempSync(join(tmpdir(), 'tessera-objects-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const store = new LocalStore(root);
const body = (s: string | Buffer) => Readable.from([Buffer.from(s)]);
const read = async (bucket: string, key: string) => (await buffer(await store.get(bucket, key))).toString();

describe('the embedded store', () => {
  it('keeps a and a/b apart, lists in byte order, and rolls up common prefixes across pages', async () => {
    await store.createBucket('order');
    const keys = [
      'a',
      'a/b',
      'a/',
      'a-b',
      'a0',
      'b/c/d',
      'b/c/e',
      'b/x',
      'é',
      'z',
      'x'.repeat(200),
      'x'.repeat(80),
      'x'.repeat(81),
    ];
    for (const k of keys) await store.putObject('order', k, body(`body of ${k}`));
    expect(await read('order', 'a')).toBe('body of a');
    expect(await read('order', 'a/b')).toBe('body of a/b');
    const sorted = [...keys].sort((x, y) => Buffer.from(x).compare(Buffer.from(y)));
    const all: string[] = [];
    for await (const o of store.list('order', '')) all.push(o.key);
    expect(all).toEqual(sorted);

    const seen: string[] = [];
    let after: Buffer | undefined;
    do {
      const page = await store.listObjects('order', { prefix: '', delimiter: '/', maxKeys: 2, after });
      seen.push(...page.objects.map((o) => o.key), ...page.commonPrefixes);
      after = page.next;
    } while (after);
    expect(seen.sort()).toEqual(
      ['a', 'a-b', 'a/', 'a0', 'b/', 'x'.repeat(200), 'x'.repeat(80), 'x'.repeat(81), 'z', 'é'].sort(),
    );
    const underB = await store.listObjects('order', { prefix: 'b/', delimiter: '/', maxKeys: 1000 });
    expect(underB.objects.map((o) => o.key)).toEqual(['b/x']);
    expect(underB.commonPrefixes).toEqual(['b/c/']);
  });

  it('deletes objects and prunes their directories; a bucket with objects cannot be deleted', async () => {
    await store.createBucket('prune');
    await store.putObject('prune', 'deep/er/still/obj', body('x'));
    await expect(store.deleteBucket('prune')).rejects.toMatchObject({ code: 'BucketNotEmpty' });
    await store.deleteObject('prune', 'deep/er/still/obj');
    await store.deleteObject('prune', 'never/was');
    expect(readdirSync(join(root, 'prune')).filter((n) => !n.startsWith('~'))).toEqual([]);
    await store.deleteBucket('prune');
    expect(await store.bucketExists('prune')).toBe(false);
    await expect(store.get('prune', 'x')).rejects.toMatchObject({ code: 'NoSuchBucket' });
  });

  it('never shows a half-written object and leaves nothing behind when a write fails', async () => {
    await store.createBucket('atomic');
    await store.putObject('atomic', 'k', body('old'));
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000, 'n'));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.putObject('atomic', 'k', failing)).rejects.toThrow('client went away');
    expect(await read('atomic', 'k')).toBe('old');
    expect(readdirSync(join(root, 'atomic', '~tmp'))).toEqual([]);
    // A reader that opened the object keeps its bytes while it is replaced.
    const opened = await store.open('atomic', 'k');
    await store.putObject('atomic', 'k', body('new'));
    expect((await buffer(opened.stream())).toString()).toBe('old');
    expect(await read('atomic', 'k')).toBe('new');
  });

  it('assembles multipart uploads with S3 ETags and refuses small, missing or misordered parts', async () => {
    await store.createBucket('multi');
    const id = await store.multipart.create('multi', 'big', { contentType: 'text/plain', metadata: { a: '1' } });
    const p1 = await store.multipart.uploadPart('multi', 'big', id, 1, body(Buffer.alloc(MIN_PART_BYTES, 'x')));
    const p2 = await store.multipart.uploadPart('multi', 'big', id, 2, body('tail'));
    expect(p1.etag).toMatch(/^[0-9a-f]{32}$/);
    await expect(
      store.multipart.complete('multi', 'big', id, [
        { partNumber: 2, etag: p2.etag },
        { partNumber: 1, etag: p1.etag },
      ]),
    ).rejects.toMatchObject({ code: 'InvalidPartOrder' });
    await expect(
      store.multipart.complete('multi', 'big', id, [{ partNumber: 1, etag: p2.etag }]),
    ).rejects.toMatchObject({ code: 'InvalidPart' });
    await expect(
      store.multipart.complete('multi', 'other', id, [{ partNumber: 1, etag: p1.etag }]),
    ).rejects.toMatchObject({ code: 'NoSuchUpload' });
    const small = await store.multipart.create('multi', 'small', {});
    const s1 = await store.multipart.uploadPart('multi', 'small', small, 1, body('a'));
    const s2 = await store.multipart.uploadPart('multi', 'small', small, 2, body('b'));
    await expect(
      store.multipart.complete('multi', 'small', small, [
        { partNumber: 1, etag: s1.etag },
        { partNumber: 2, etag: `"${s2.etag}"` },
      ]),
    ).rejects.toMatchObject({ code: 'EntityTooSmall' });
    await store.multipart.abort('multi', 'small', small);
    await expect(store.multipart.abort('multi', 'small', small)).rejects.toMatchObject({ code: 'NoSuchUpload' });

    const meta = await store.multipart.complete('multi', 'big', id, [
      { partNumber: 1, etag: `"${p1.etag}"` },
      { partNumber: 2, etag: p2.etag },
    ]);
    expect(meta).toMatchObject({ size: MIN_PART_BYTES + 4, contentType: 'text/plain', metadata: { a: '1' }, parts: 2 });
    expect(meta.etag).toMatch(/^[0-9a-f]{32}-2$/);
    expect((await read('multi', 'big')).endsWith('xtail')).toBe(true);
    await expect(store.multipart.listParts('multi', 'big', id)).rejects.toMatchObject({ code: 'NoSuchUpload' });
  });

  it('refuses invalid bucket names and keys before touching the disk', async () => {
    await expect(store.createBucket('../escape')).rejects.toMatchObject({ code: 'InvalidBucketName' });
    await store.createBucket('keys');
    await expect(store.putObject('keys', 'x'.repeat(1025), body('x'))).rejects.toMatchObject({
      code: 'InvalidObjectName',
    });
    await store.putObject('keys', '../../outside', body('in'));
    await store.putObject('keys', '/etc/passwd', body('in'));
    expect(readdirSync(root).sort()).not.toContain('outside');
    expect(await read('keys', '../../outside')).toBe('in');
    const keys: string[] = [];
    for await (const o of store.list('keys', '')) keys.push(o.key);
    expect(keys).toEqual(['../../outside', '/etc/passwd']);
  });

  it('sweeps temporary files a crash left behind, but not ones a write may still own', async () => {
    await store.createBucket('sweep');
    const tmp = join(root, 'sweep', '~tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'old'), 'x');
    writeFileSync(join(tmp, 'fresh'), 'x');
    const twoDaysAgo = (Date.now() - 2 * 24 * 3600 * 1000) / 1000;
    utimesSync(join(tmp, 'old'), twoDaysAgo, twoDaysAgo);
    expect(await store.sweepTemporary()).toBe(1);
    expect(readdirSync(tmp)).toEqual(['fresh']);
  });
});
