// S3 speaks XML both ways. Responses are built here with a tiny element helper (S3's documents
// are small and flat); the few request bodies S3 takes (DeleteObjects, CompleteMultipartUpload,
// CreateBucket) are read with the AWS SDK's own XML parser — which expands no DTD entities, so
// no XXE or entity bombs — and then checked with zod.
import { parseXML } from '@aws-sdk/xml-builder';
import { z } from 'zod';
import { s3Error } from '../../platform/objects/s3-errors.ts';
import { escapeXml, type Child } from '../aws/xml.ts';

export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export { escapeXml, el } from '../aws/xml.ts';

/** A whole document with S3's namespace on the root element. */
export function xmlDocument(root: string, children: Child[] | string): string {
  const inner = Array.isArray(children) ? children.filter(Boolean).join('') : escapeXml(children);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${S3_NAMESPACE}">${inner}</${root}>`;
}

/** Parses a request body and checks it against `schema` (the root element's content). */
export function parseRequestXml<T>(body: Buffer, root: string, schema: z.ZodType<T>): T {
  let doc: Record<string, unknown>;
  try {
    doc = parseXML(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw s3Error(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  }
  if (!(root in doc)) throw s3Error('MalformedXML', `The XML you provided must have the root element <${root}>`);
  const parsed = schema.safeParse(doc[root]);
  if (!parsed.success)
    throw s3Error(
      'MalformedXML',
      'The XML you provided did not validate: ' +
        `${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

/** One element or many: the parser gives a repeated element as an array, a single one as itself. */
const many = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);
/** A leaf element's text; an empty element parses as "". */
const text = z.string();

export const ZDeleteRequest = z.object({
  Object: many(z.object({ Key: text, VersionId: text.optional() }).loose()),
  Quiet: z.enum(['true', 'false', 'True', 'False']).optional(),
});

export const ZCompleteRequest = z.object({
  Part: many(
    z
      .object({
        PartNumber: z
          .string()
          .regex(/^\d{1,5}$/)
          .transform(Number),
        ETag: text,
      })
      .loose(),
  ),
});

export const ZCreateBucketRequest = z.union([z.literal(''), z.object({ LocationConstraint: text.optional() }).loose()]);
