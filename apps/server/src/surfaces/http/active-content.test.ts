import { describe, expect, it } from 'vitest';
import { asAttachment, isActiveContentType, makeInert, SANDBOX_CSP } from './active-content.ts';

describe('isActiveContentType', () => {
  it.each([
    'text/html',
    'application/xhtml+xml',
    'image/svg+xml',
    'text/xml',
    'application/xml',
    'application/atom+xml',
    'application/vnd.anything+xml',
    'text/xsl',
    'text/javascript',
    'application/javascript',
    'application/x-javascript',
    'application/ecmascript',
    'text/ecmascript',
    'text/jscript',
    'multipart/x-mixed-replace; boundary=frame',
    'multipart/related',
    'message/rfc822',
    'unknown/unknown',
    'application/unknown',
  ])('%s is active', (type) => expect(isActiveContentType(type)).toBe(true));

  it.each([
    ['upper case', 'TEXT/HTML'],
    ['mixed case with parameters', 'Text/Html; Charset=UTF-8'],
    ['HTTP whitespace around the essence', ' \ttext/html \t;charset=utf-8'],
    ['whitespace before the parameters', 'image/svg+xml ; foo=bar'],
    ['comma-joined, the active one last', 'text/plain, text/html'],
    ['comma-joined, the active one first', 'text/html,text/plain'],
    ['a duplicated header joined', 'text/plain,text/plain; x=1,application/xhtml+xml'],
    ['a comma hidden in a quoted parameter', 'text/plain; x="a,text/html"'],
  ])('catches %s', (_why, type) => expect(isActiveContentType(type)).toBe(true));

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['only whitespace', '   '],
    ['no subtype', 'text'],
    ['an empty subtype', 'text/'],
    ['a space inside', 'text /html'],
    ['wildcards', '*/*'],
    ['a wildcard subtype', 'text/*'],
    ['non-token characters', 'text/h(tml)'],
    ['whitespace browsers do not trim', '\vtext/plain'],
    ['an empty comma segment', 'text/plain,'],
  ])('treats a type that is %s as active', (_why, type) => expect(isActiveContentType(type)).toBe(true));

  it.each([
    'text/plain',
    'text/plain; charset=utf-8',
    'text/csv',
    'text/css',
    'application/json',
    'application/octet-stream',
    'binary/octet-stream',
    'application/pdf',
    'application/gzip',
    'image/png',
    'image/jpeg',
    'video/mp4',
    'application/x-parquet',
    'application/x-ndjson',
    'TEXT/CSV ; header=present',
    'text/plain, image/png',
  ])('%s is ordinary', (type) => expect(isActiveContentType(type)).toBe(false));
});

describe('asAttachment', () => {
  it.each([
    [undefined, 'attachment'],
    ['', 'attachment'],
    ['inline', 'attachment'],
    ['attachment', 'attachment'],
    ['INLINE', 'attachment'],
    ['inline; filename="report.html"', 'attachment; filename="report.html"'],
    ['inline ;  filename=a.svg ', 'attachment; filename=a.svg'],
    ["attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.html", "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.html"],
    ['inline;', 'attachment'],
    // Without a disposition-type first, nothing is kept.
    ['filename="x.html"', 'attachment'],
    ['filename="a;b"; inline', 'attachment'],
    ['in line; filename=x', 'attachment'],
  ])('%j → %j', (given, expected) => expect(asAttachment(given)).toBe(expected));
});

describe('makeInert', () => {
  it('makes an active object a sandboxed download that keeps its Content-Type', () => {
    const headers: Record<string, string | number> = {
      'content-type': 'text/html; charset=utf-8',
      'content-disposition': 'inline; filename="a.html"',
      'content-length': 10,
    };
    makeInert(headers);
    expect(headers).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'content-disposition': 'attachment; filename="a.html"',
      'content-length': 10,
      'content-security-policy': SANDBOX_CSP,
      'cross-origin-resource-policy': 'same-origin',
    });
  });

  it('treats a response without a Content-Type as active', () => {
    const headers: Record<string, string | number> = { 'content-length': 1 };
    makeInert(headers);
    expect(headers['content-disposition']).toBe('attachment');
    expect(headers['content-security-policy']).toBe(SANDBOX_CSP);
  });

  it('leaves an ordinary object as it is, inline disposition included', () => {
    const headers = { 'content-type': 'image/png', 'content-disposition': 'inline; filename="a.png"' };
    makeInert(headers);
    expect(headers).toEqual({ 'content-type': 'image/png', 'content-disposition': 'inline; filename="a.png"' });
  });
});
