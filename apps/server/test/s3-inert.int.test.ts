// Objects are served inert: S3 shares its origin with Studio, the console and the session cookie,
// so an ordinary user's object that a browser would render or run (HTML, SVG, XML, script), by
// its stored type or by a response-content-type a presigned link asks for, comes back as a
// sandboxed download. Every S3 response says nosniff; ordinary types stay inline; SDKs still
// see the stored Content-Type.
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type GetObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { beforeAll, describe, expect, it } from 'vitest';
import { otherUser, uniqueName, useHarness } from './harness.ts';
import { errorCode, s3Client } from './s3-helpers.ts';

const h = useHarness();
let s3: S3Client;
let Bucket: string;

const SCRIPT = "document.title = 'ran'; fetch('/api/v1/me')";
const ACTIVE: { Key: string; ContentType: string; Body: string }[] = [
  { Key: 'page.html', ContentType: 'text/html; charset=utf-8', Body: `<!doctype html><script>${SCRIPT}</script>` },
  { Key: 'shouty.html', ContentType: 'Text/HTML ;Charset=UTF-8', Body: `<script>${SCRIPT}</script>` },
  {
    Key: 'drawing.svg',
    ContentType: 'image/svg+xml',
    Body: `<svg xmlns="http://www.w3.org/2000/svg"><script>${SCRIPT}</script></svg>`,
  },
  {
    Key: 'doc.xml',
    ContentType: 'application/xml',
    Body: `<html xmlns="http://www.w3.org/1999/xhtml"><script>${SCRIPT}</script></html>`,
  },
  { Key: 'old.xml', ContentType: 'text/xml', Body: '<a/>' },
  { Key: 'feed.atom', ContentType: 'application/atom+xml', Body: '<feed/>' },
  { Key: 'page.xhtml', ContentType: 'application/xhtml+xml', Body: '<html/>' },
  { Key: 'app.js', ContentType: 'text/javascript', Body: SCRIPT },
  { Key: 'legacy.js', ContentType: 'application/javascript', Body: SCRIPT },
  { Key: 'ecma.js', ContentType: 'application/ecmascript', Body: SCRIPT },
  { Key: 'parts', ContentType: 'multipart/x-mixed-replace; boundary=b', Body: '--b\r\n\r\nx' },
  // A browser takes the last of comma-joined types.
  { Key: 'joined', ContentType: 'text/plain, text/html', Body: `<script>${SCRIPT}</script>` },
  { Key: 'malformed', ContentType: 'text html', Body: `<script>${SCRIPT}</script>` },
];
const ORDINARY: { Key: string; ContentType: string; Body: string }[] = [
  { Key: 'table.csv', ContentType: 'text/csv', Body: 'a,b\n1,2\n' },
  { Key: 'blob.bin', ContentType: 'application/octet-stream', Body: 'bytes' },
  { Key: 'pixel.png', ContentType: 'image/png', Body: 'not really a png' },
  { Key: 'notes.txt', ContentType: 'text/plain; charset=utf-8', Body: `<script>${SCRIPT}</script>` },
];

const presign = (input: Omit<GetObjectCommandInput, 'Bucket'>, client = s3) =>
  getSignedUrl(client, new GetObjectCommand({ Bucket, ...input }), { expiresIn: 300 });
const presignHead = (Key: string) => getSignedUrl(s3, new HeadObjectCommand({ Bucket, Key }), { expiresIn: 300 });

function expectInert(res: Response, disposition = 'attachment') {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-disposition')).toBe(disposition);
  expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
  expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
}

function expectInline(res: Response, disposition: string | null = null) {
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-disposition')).toBe(disposition);
  expect(res.headers.get('content-security-policy')).toBeNull();
}

beforeAll(async () => {
  // The uploader is an ordinary user: nothing here needs the admin's rights.
  const user = await otherUser(h);
  s3 = s3Client(h.server.url, user.credentials);
  Bucket = uniqueName('inert').toLowerCase();
  await s3.send(new CreateBucketCommand({ Bucket }));
  for (const o of [...ACTIVE, ...ORDINARY]) await s3.send(new PutObjectCommand({ Bucket, ...o }));
  await s3.send(
    new PutObjectCommand({
      Bucket,
      Key: 'report.html',
      Body: `<script>${SCRIPT}</script>`,
      ContentType: 'text/html',
      ContentDisposition: 'inline; filename="report.html"',
    }),
  );
  await s3.send(
    new PutObjectCommand({
      Bucket,
      Key: 'figure.png',
      Body: 'png',
      ContentType: 'image/png',
      ContentDisposition: 'inline; filename="figure.png"',
    }),
  );
});

describe('S3 objects a browser would run are served as sandboxed downloads', () => {
  it('via presigned GET, HEAD and ranged GET, with the stored Content-Type and body', async () => {
    for (const o of ACTIVE) {
      const got = await fetch(await presign({ Key: o.Key }));
      expect(got.status, o.Key).toBe(200);
      expectInert(got);
      expect(got.headers.get('content-type'), o.Key).toBe(o.ContentType);
      expect(await got.text()).toBe(o.Body);

      const head = await fetch(await presignHead(o.Key), { method: 'HEAD' });
      expect(head.status, o.Key).toBe(200);
      expectInert(head);

      const ranged = await fetch(await presign({ Key: o.Key }), { headers: { range: 'bytes=0-1' } });
      expect(ranged.status, o.Key).toBe(206);
      expectInert(ranged);
      expect(await ranged.text()).toBe(o.Body.slice(0, 2));
    }
  });

  it('keeps an object’s own filename but never its inline disposition', async () => {
    const got = await fetch(await presign({ Key: 'report.html' }));
    expectInert(got, 'attachment; filename="report.html"');
  });

  it('through the SDK: GetObject and HeadObject report the stored type, the raw response is inert', async () => {
    const seen: Record<string, string>[] = [];
    s3.middlewareStack.add(
      (next) => async (args) => {
        const out = await next(args);
        seen.push((out.response as { headers: Record<string, string> }).headers);
        return out;
      },
      { step: 'deserialize', name: 'captureHeaders' },
    );
    try {
      const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'page.html' }));
      expect(got.ContentType).toBe('text/html; charset=utf-8');
      expect(got.ContentDisposition).toBe('attachment');
      expect(await got.Body!.transformToString()).toBe(ACTIVE[0]!.Body);
      const ranged = await s3.send(new GetObjectCommand({ Bucket, Key: 'drawing.svg', Range: 'bytes=0-3' }));
      expect(ranged.ContentType).toBe('image/svg+xml');
      expect(await ranged.Body!.transformToString()).toBe('<svg');
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'app.js' }));
      expect(head.ContentType).toBe('text/javascript');
      expect(seen).toHaveLength(3);
      for (const headers of seen) {
        expect(headers['x-content-type-options']).toBe('nosniff');
        expect(headers['content-security-policy']).toBe("sandbox; default-src 'none'");
        expect(headers['content-disposition']).toBe('attachment');
      }
    } finally {
      s3.middlewareStack.remove('captureHeaders');
    }
  });
});

describe('response-* overrides on presigned links cannot make an object active', () => {
  it('treats a text/plain object asked for as text/html as active', async () => {
    const got = await fetch(await presign({ Key: 'notes.txt', ResponseContentType: 'text/html' }));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('text/html');
    expectInert(got);
    const svg = await fetch(await presign({ Key: 'pixel.png', ResponseContentType: ' IMAGE/SVG+XML ; x=1' }));
    expectInert(svg);
    const joined = await fetch(await presign({ Key: 'table.csv', ResponseContentType: 'text/csv, text/html' }));
    expectInert(joined);
  });

  it('keeps attachment when an override asks for inline, keeping only its filename', async () => {
    const inline = await fetch(await presign({ Key: 'page.html', ResponseContentDisposition: 'inline' }));
    expectInert(inline);
    const named = await fetch(
      await presign({
        Key: 'notes.txt',
        ResponseContentType: 'text/html',
        ResponseContentDisposition: 'inline; filename=x.html',
      }),
    );
    expectInert(named, 'attachment; filename=x.html');
  });

  it('refuses an override that is not a header value', async () => {
    const got = await fetch(await presign({ Key: 'notes.txt', ResponseContentType: 'text/plain\r\nX-Injected: 1' }));
    expect(got.status).toBe(400);
    expect(errorCode(await got.text())).toBe('InvalidArgument');
    expect(got.headers.get('x-injected')).toBeNull();
  });

  it('still honours overrides that keep an object ordinary', async () => {
    const got = await fetch(
      await presign({ Key: 'page.html', ResponseContentType: 'text/plain', ResponseContentDisposition: 'inline' }),
    );
    expect(got.headers.get('content-type')).toBe('text/plain');
    expectInline(got, 'inline');
  });
});

describe('ordinary objects keep their inline behaviour', () => {
  it('serves CSV, octet-stream, PNG and text without attachment or sandbox, with nosniff', async () => {
    for (const o of ORDINARY) {
      const got = await fetch(await presign({ Key: o.Key }));
      expect(got.status, o.Key).toBe(200);
      expect(got.headers.get('content-type'), o.Key).toBe(o.ContentType);
      expectInline(got);
      expect(await got.text()).toBe(o.Body);
      const head = await fetch(await presignHead(o.Key), { method: 'HEAD' });
      expectInline(head);
    }
    expectInline(await fetch(await presign({ Key: 'figure.png' })), 'inline; filename="figure.png"');
  });
});

describe('S3 responses other than objects', () => {
  it('say nosniff on errors, 304s and listings, and sandbox the XML they write', async () => {
    const missing = await fetch(await presign({ Key: 'missing.html' }));
    expect(missing.status).toBe(404);
    expect(errorCode(await missing.text())).toBe('NoSuchKey');
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
    expect(missing.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");

    const missingHead = await fetch(await presignHead('missing.html'), { method: 'HEAD' });
    expect(missingHead.status).toBe(404);
    expect(missingHead.headers.get('x-content-type-options')).toBe('nosniff');

    const tampered = await fetch((await presign({ Key: 'page.html' })).replace('page.html', 'drawing.svg'));
    expect(tampered.status).toBe(403);
    expect(errorCode(await tampered.text())).toBe('SignatureDoesNotMatch');
    expect(tampered.headers.get('x-content-type-options')).toBe('nosniff');
    expect(tampered.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");

    const listing = await fetch(await getSignedUrl(s3, new ListObjectsV2Command({ Bucket }), { expiresIn: 300 }));
    expect(listing.status).toBe(200);
    expect(await listing.text()).toContain('<Key>page.html</Key>');
    expect(listing.headers.get('x-content-type-options')).toBe('nosniff');
    expect(listing.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");

    const etag = (await fetch(await presignHead('page.html'), { method: 'HEAD' })).headers.get('etag')!;
    const notModified = await fetch(await presign({ Key: 'page.html' }), { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
