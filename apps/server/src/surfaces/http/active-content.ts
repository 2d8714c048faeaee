// What tenants write is served on the same origin as Studio, the console and the REST API's session
// cookie: S3 objects, and files of their homes through their Jupyter servers (/files, /nbconvert,
// kernelspec resources). A browser that renders such a file as a document (HTML, SVG, XML) or runs
// it as a script would do so with the session of whoever opened the link — an administrator, say —
// so it is never rendered: it is served as a download, and should a browser render one anyway, into
// a sandbox (an opaque origin without the session) where nothing may run or load. The stored
// Content-Type is still returned unchanged, as S3 does, so SDKs report what was uploaded.

/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Browsers trim only HTTP whitespace; trimming more (String.trim) would accept what they reject. */
const trimHttp = (s: string) => s.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');

const ACTIVE_TYPES = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/xml',
  'application/xml',
  // Chromium renders XSLT stylesheets as XML documents.
  'text/xsl',
  // WHATWG's list of JavaScript MIME types.
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
  // MIME sniffing still guesses these, nosniff or not.
  'unknown/unknown',
  'application/unknown',
]);

/**
 * True when a browser could render or run content of this Content-Type, or when it cannot be
 * parsed. A header a browser reads as several comma-separated types (its last valid one wins)
 * counts as active when any one of them is, and a missing or malformed type is active too: which
 * way a browser guesses is not this server's to promise.
 */
export function isActiveContentType(value: string | undefined): boolean {
  if (value === undefined) return true;
  return value.split(',').some((segment) => {
    const semi = segment.indexOf(';');
    const essence = trimHttp(semi < 0 ? segment : segment.slice(0, semi)).toLowerCase();
    const slash = essence.indexOf('/');
    if (slash < 0) return true;
    const type = essence.slice(0, slash);
    const subtype = essence.slice(slash + 1);
    if (!TOKEN.test(type) || !TOKEN.test(subtype)) return true;
    if (type === '*' || subtype === '*') return true;
    // multipart/x-mixed-replace renders its parts as documents; message/* and the rest of
    // multipart/* hold whole documents (MHTML) too.
    if (type === 'multipart' || type === 'message') return true;
    return ACTIVE_TYPES.has(essence) || subtype.endsWith('+xml');
  });
}

/**
 * `attachment`, with the parameters (a filename) of the given Content-Disposition kept: whatever
 * disposition-type was stored or asked for, the result starts with `attachment`.
 */
export function asAttachment(disposition: string | undefined): string {
  if (!disposition) return 'attachment';
  const semi = disposition.indexOf(';');
  // Without a disposition-type in front, what follows cannot be trusted to be parameters.
  if (semi < 0 || !TOKEN.test(trimHttp(disposition.slice(0, semi)))) return 'attachment';
  const params = trimHttp(disposition.slice(semi + 1));
  return params ? `attachment; ${params}` : 'attachment';
}

/** Nothing runs and nothing loads in a document served with this policy, and it gets an opaque origin. */
export const SANDBOX_CSP = "sandbox; default-src 'none'";

/**
 * Makes a response's headers (after any response-* overrides) safe to hand to a browser: active
 * content becomes a sandboxed download that other sites may not embed. X-Content-Type-Options is
 * set for every response where each surface answers (s3-api.ts, the Jupyter proxy).
 */
export function makeInert(headers: Record<string, string | number>): void {
  const type = headers['content-type'];
  if (!isActiveContentType(type === undefined ? undefined : String(type))) return;
  const disposition = headers['content-disposition'];
  headers['content-disposition'] = asAttachment(disposition === undefined ? undefined : String(disposition));
  headers['content-security-policy'] = SANDBOX_CSP;
  headers['cross-origin-resource-policy'] = 'same-origin';
}
