// Makes notebook HTML (text/html outputs, markdown) inert for the viewer: DOMPurify over jsdom
// removes scripts, event handlers and javascript: URLs; on top of that, everything that would
// act or load by itself is dropped — frames, plugins, forms, <base>, <link>, <meta>, <style>,
// media — and every resource URL that is not an inline data: image is removed, so an output
// can neither run code nor make the viewer's browser contact another server. Links stay
// clickable but open in a new tab without a referrer (the page URL holds the token).
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';

const FORBID_TAGS = [
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'param',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'base',
  'link',
  'meta',
  'style',
  'noscript',
  'template',
  'portal',
  'audio',
  'video',
  'source',
  'track',
  'picture',
  'foreignObject',
  'animate',
  'animateMotion',
  'animateTransform',
  'set',
  'dialog',
  'marquee',
  'blink',
];
const FORBID_ATTR = [
  'srcset',
  'ping',
  'action',
  'formaction',
  'background',
  'poster',
  'lowsrc',
  'dynsrc',
  'longdesc',
  'manifest',
  'autofocus',
  'popover',
  'popovertarget',
];
/** Attributes that load something by themselves when they hold a URL. */
const RESOURCE_ATTRS = ['src', 'data', 'xlink:href'];
const INLINE_IMAGE = /^data:image\/(png|jpe?g|gif|webp|bmp|svg\+xml)(;[a-z0-9=.+-]+)*;base64,[a-z0-9+/=\s]*$/i;
const LINK = /^(https?:|mailto:|#)/i;
/** A reference inside the document, as matplotlib's clip paths use. */
const LOCAL_URL = /url\(\s*(['"]?)#[\w.:-]*\1\s*\)/gi;
// CSS that fetches (url(), image-set, @import), or could lift an output over the viewer's own UI.
const RISKY_STYLE =
  /url\s*\(|image-set|@import|expression\s*\(|behavior\s*:|-moz-binding|position\s*:\s*(fixed|sticky)|\\/i;

export interface SanitizeOptions {
  /** A markdown cell's attachments: `attachment:<name>` image sources become data: URIs. */
  attachments?: Record<string, Record<string, unknown>>;
}

let purifier: DOMPurify | undefined;
let current: SanitizeOptions = {};

function attachmentUrl(name: string): string | undefined {
  const bundle = current.attachments?.[decodeURIComponent(name)];
  if (!bundle) return undefined;
  for (const [mime, data] of Object.entries(bundle)) {
    if (!mime.startsWith('image/') || (typeof data !== 'string' && !Array.isArray(data))) continue;
    const body = Array.isArray(data) ? data.join('') : data;
    // SVG attachments are stored as text, the rest base64.
    return mime === 'image/svg+xml'
      ? `data:image/svg+xml;base64,${Buffer.from(body).toString('base64')}`
      : `data:${mime};base64,${body.replace(/\s/g, '')}`;
  }
  return undefined;
}

function createPurifier(): DOMPurify {
  const { window } = new JSDOM('');
  const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  // Before DOMPurify's own URL check, which would drop the unknown attachment: scheme.
  purify.addHook('beforeSanitizeAttributes', (node) => {
    const el = node as Element;
    const src = el.getAttribute?.('src')?.trim();
    if (src?.startsWith('attachment:')) {
      const url = attachmentUrl(src.slice('attachment:'.length));
      if (url) el.setAttribute('src', url);
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    const el = node as Element;
    if (!el.getAttribute) return;
    for (const attr of RESOURCE_ATTRS) {
      const value = el.getAttribute(attr);
      if (value === null) continue;
      const trimmed = value.trim();
      // In SVG, <use xlink:href="#id"> points inside the document: harmless.
      if (attr === 'xlink:href' && trimmed.startsWith('#')) continue;
      if (!INLINE_IMAGE.test(trimmed)) {
        el.removeAttribute(attr);
        if (el.tagName.toLowerCase() === 'img') el.setAttribute('data-blocked', 'remote image not loaded');
      }
    }
    const href = el.getAttribute('href');
    if (href !== null) {
      const isAnchor = el.tagName.toLowerCase() === 'a';
      // SVG <use>/<image> href loads a resource; only in-document references stay.
      if (!isAnchor ? !href.trim().startsWith('#') : !LINK.test(href.trim())) el.removeAttribute('href');
      if (isAnchor && el.hasAttribute('href') && !href.trim().startsWith('#')) {
        el.setAttribute('target', '_blank');
        el.setAttribute('rel', 'noopener noreferrer nofollow');
      }
    }
    const style = el.getAttribute('style');
    // Comments are nothing to CSS (position:/**/fixed is position:fixed), so they are not kept.
    if (style !== null && (style.includes('/*') || RISKY_STYLE.test(style))) el.removeAttribute('style');
    // SVG presentation attributes (fill, filter, mask, clip-path, marker-*) are CSS too: only
    // references inside the document (url(#id)) stay.
    if (el.namespaceURI === 'http://www.w3.org/2000/svg') {
      for (const { name, value } of [...el.attributes]) {
        if (name !== 'style' && name !== 'href' && /url\s*\(|\\/i.test(value.replace(LOCAL_URL, '')))
          el.removeAttribute(name);
      }
    }
  });
  return purify;
}

export function sanitizeHtml(html: string, opts: SanitizeOptions = {}): string {
  purifier ??= createPurifier();
  // The hook reads the options; sanitize is synchronous, so no other call can interleave.
  current = opts;
  try {
    return purifier.sanitize(html, {
      FORBID_TAGS,
      FORBID_ATTR,
      ALLOW_DATA_ATTR: false,
      ALLOW_UNKNOWN_PROTOCOLS: false,
      // Notebook ids and names must not clobber the viewer page's globals.
      SANITIZE_NAMED_PROPS: true,
      ADD_ATTR: ['target'],
    }) as unknown as string;
  } finally {
    current = {};
  }
}
