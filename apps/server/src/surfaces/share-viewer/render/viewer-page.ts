// The viewer's HTML page and its headers. The page has no script at all; its Content Security
// Policy says so (and lets nothing load from anywhere but inline data: images), so even markup
// that slipped past the sanitizer could neither run nor phone home.
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { LOGO_SVG, PAGE_CSS } from '../../web/brand.ts';
import { escapeHtml } from './escape.ts';
import { VIEWER_CSS } from './viewer-css.ts';

const CSS = PAGE_CSS + VIEWER_CSS;
// Inline, so the browser does not ask the server for /favicon.ico.
const FAVICON =
  'data:image/svg+xml,' +
  `${encodeURIComponent(LOGO_SVG.replace(' class="t-logo"', ' xmlns="http://www.w3.org/2000/svg"'))}`;
const CSS_HASH = createHash('sha256').update(CSS).digest('base64');

export const VIEWER_CSP = [
  "default-src 'none'",
  'img-src data:',
  `style-src 'sha256-${CSS_HASH}'`,
  // ANSI colours and notebook tables use style attributes; they cannot fetch (img-src data: only).
  "style-src-attr 'unsafe-inline'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function sendViewerHtml(res: Response, status: number, html: string): void {
  res
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': VIEWER_CSP,
      'x-content-type-options': 'nosniff',
      // The token is in the URL: no Referer may carry it to a link's target.
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      // A revoked link must stop working at once, also from caches.
      'cache-control': 'no-store',
      'x-robots-tag': 'noindex, nofollow',
      'cross-origin-opener-policy': 'same-origin',
    })
    .send(html);
}

export function viewerPage(title: string, body: string, barRight = ''): string {
  return (
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title><link rel="icon" href="${FAVICON}">
<style>${CSS}</style></head>
<body><header class="t-bar">${LOGO_SVG}<span class="t-wordmark">Tessera<small>Shared notebook</small></span>` +
    `<span class="t-spacer"></span>${barRight}</header>
${body}</body></html>`
  );
}

export function notFoundPage(): string {
  return viewerPage(
    'Not found · Tessera',
    `<main class="t-center t-notfound"><div class="t-card"><h1>This link does not work</h1>
<p>The notebook link is wrong, has expired, or was revoked by the person who shared it. ` +
      `Ask them for a new link.</p></div></main>`,
  );
}

export function messagePage(title: string, text: string, back?: string): string {
  const link = back ? `<p><a href="${escapeHtml(back)}">Back to the notebook</a></p>` : '';
  return viewerPage(
    `${title} · Tessera`,
    `<main class="t-center t-notfound"><div class="t-card"><h1>${escapeHtml(title)}</h1>` +
      `<p>${escapeHtml(text)}</p>${link}</div></main>`,
  );
}

export const errorPage = () =>
  messagePage('This notebook cannot be shown right now', 'Something went wrong on the server. Try again in a moment.');
