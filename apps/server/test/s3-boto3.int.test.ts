import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';

const run = promisify(execFile);
const h = useHarness();

describe('boto3 (Debian python3-boto3) against the S3 API', () => {
  it(
    'creates a bucket, uploads a file in parts, lists, ' + 'downloads (HTML as an inert download) and deletes',
    async () => {
      const script = fileURLToPath(new URL('./s3_boto3.py', import.meta.url));
      const bucket = uniqueName('boto').toLowerCase();
      const { stdout } = await run('/usr/bin/python3', [script], {
        env: {
          PATH: process.env.PATH,
          TESSERA_URL: h.server.url,
          BUCKET: bucket,
          AWS_ACCESS_KEY_ID: h.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: h.credentials.secretAccessKey,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        },
        timeout: 120_000,
      });
      const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
      expect(seen.create_again).toBe('BucketAlreadyOwnedByYou');
      expect(seen.etag).toMatch(/^"[0-9a-f]{32}-3"$/);
      expect(seen.size).toBe(12 * 1024 * 1024 + 4);
      expect(seen.metadata).toEqual({ origin: 'boto3' });
      expect(seen.content_type).toBe('application/x-train');
      expect(seen.keys).toEqual(['datasets/notes with space+plus.txt', 'datasets/train.bin', 'top.txt']);
      expect(seen.prefixes).toEqual(['datasets/']);
      expect(seen.top_keys).toEqual(['top.txt']);
      expect(seen.downloaded_md5).toBe(seen.md5);
      expect(seen.range).toBe('tail');
      const inert = {
        'x-content-type-options': 'nosniff',
        'content-disposition': 'attachment',
        'content-security-policy': "sandbox; default-src 'none'",
      };
      expect(seen.html).toEqual({
        content_type: 'text/html',
        content_disposition: 'attachment',
        body: "<script>document.title = 'ran'</script>",
        headers: inert,
      });
      expect(seen.overridden).toEqual({ 'content-type': 'text/html', ...inert });
      expect(seen.after_delete).toBe(0);
      expect(seen.get_deleted).toBe('NoSuchKey');

      // The presigned URL boto3 made still works for anyone holding it (the object is gone now).
      const res = await fetch(seen.presigned_url);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain('<Code>NoSuchBucket</Code>');
    },
  );
});
