import { describe, expect, it } from 'vitest';
import { el, escapeXml, parseRequestXml, xmlDocument, ZCompleteRequest, ZDeleteRequest } from './s3-xml.ts';

describe('S3 XML', () => {
  it('escapes markup and control characters, and builds namespaced documents', () => {
    expect(escapeXml(`a<b>&"c'\u0001\r`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;&#x1;&#xD;');
    expect(el('Key', 'x&y')).toBe('<Key>x&amp;y</Key>');
    expect(el('Size', 0)).toBe('<Size>0</Size>');
    expect(el('Missing', undefined)).toBe('');
    expect(el('Part', [el('A', 1), false, undefined, el('B', true)])).toBe('<Part><A>1</A><B>true</B></Part>');
    expect(xmlDocument('R', [el('A', 'x')])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><A>x</A></R>',
    );
  });

  it('reads DeleteObjects and CompleteMultipartUpload bodies, one element or many', () => {
    const one = parseRequestXml(
      Buffer.from('<Delete><Object><Key>a &amp; b</Key></Object><Quiet>true</Quiet></Delete>'),
      'Delete',
      ZDeleteRequest,
    );
    expect(one).toEqual({ Object: [{ Key: 'a & b' }], Quiet: 'true' });
    const many = parseRequestXml(
      Buffer.from(
        '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>x</Key></Object>' +
          '<Object><Key>y</Key><VersionId>null</VersionId></Object></Delete>',
      ),
      'Delete',
      ZDeleteRequest,
    );
    expect(many.Object.map((o) => o.Key)).toEqual(['x', 'y']);
    const complete = parseRequestXml(
      Buffer.from(
        '<CompleteMultipartUpload><Part><ETag>"e1"</ETag><PartNumber>1</PartNumber>' +
          '<ChecksumCRC32>AAAA</ChecksumCRC32></Part><Part><PartNumber>2</PartNumber><ETag>e2</ETag></Part>' +
          '</CompleteMultipartUpload>',
      ),
      'CompleteMultipartUpload',
      ZCompleteRequest,
    );
    expect(complete.Part.map((p) => [p.PartNumber, p.ETag])).toEqual([
      [1, '"e1"'],
      [2, 'e2'],
    ]);
  });

  it('refuses malformed or misshapen XML, and expands no entities from a DTD', () => {
    const bad =
      (xml: string, root = 'Delete') =>
      () =>
        parseRequestXml(Buffer.from(xml), root, ZDeleteRequest);
    expect(bad('<Delete><Object><Key>x</Key></Delete>')).toThrow(expect.objectContaining({ code: 'MalformedXML' }));
    expect(bad('<Other/>')).toThrow(expect.objectContaining({ code: 'MalformedXML' }));
    expect(bad('<Delete><Quiet>maybe</Quiet><Object><Key>x</Key></Object></Delete>')).toThrow(
      expect.objectContaining({ code: 'MalformedXML' }),
    );
    const xxe =
      '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]><Delete><Object><Key>&e;</Key></Object></Delete>';
    expect(parseRequestXml(Buffer.from(xxe), 'Delete', ZDeleteRequest).Object[0]!.Key).toBe('');
  });
});
