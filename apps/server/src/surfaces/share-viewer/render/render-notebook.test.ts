// The viewer's rendering of a crafted notebook (test/fixtures/shares/malicious.ipynb): nothing in
// it may run or load, and what is harmless still shows.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { ZNotebook } from '../../../resources/shares/notebook-format.ts';
import { ansiToHtml } from './ansi.ts';
import { renderNotebook } from './render-notebook.ts';
import { sanitizeHtml } from './sanitize-html.ts';

const fixture = (name: string) =>
  ZNotebook.parse(
    JSON.parse(readFileSync(new URL(`../../../../test/fixtures/shares/${name}`, import.meta.url), 'utf8')),
  );
const dom = (html: string) => new JSDOM(`<body>${html}</body>`).window.document;

const FORBIDDEN = [
  'marquee',
  'script',
  'iframe',
  'frame',
  'object',
  'embed',
  'form',
  'input',
  'button',
  'meta',
  'base',
  'link',
  'style',
  'video',
  'audio',
  'source',
  'animate',
  'set',
  'foreignObject',
];
const RESOURCE_ATTRS = ['src', 'srcset', 'data', 'poster', 'background', 'action', 'formaction', 'ping', 'xlink:href'];

describe('rendering a malicious notebook', () => {
  const html = renderNotebook(fixture('malicious.ipynb'));
  const doc = dom(html);
  const all = [...doc.body.querySelectorAll('*')];

  it('leaves no script, frame, plugin, form, meta, base, link, style or media element', () => {
    for (const tag of FORBIDDEN) expect(doc.getElementsByTagName(tag).length, tag).toBe(0);
  });

  it('leaves no event-handler attribute and no javascript: URL anywhere', () => {
    for (const el of all) {
      for (const attr of el.attributes) {
        expect(attr.name.toLowerCase().startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
        expect(attr.value.replace(/\s/g, '').toLowerCase()).not.toContain('javascript:');
      }
    }
  });

  it('loads nothing from anywhere: resource URLs are inline data: images only', () => {
    for (const el of all) {
      for (const name of RESOURCE_ATTRS) {
        const v = el.getAttribute(name);
        if (v !== null) expect(v, `${el.tagName} ${name}`).toMatch(/^(data:image\/|#)/);
      }
      const href = el.getAttribute('href');
      if (href !== null && el.tagName.toLowerCase() !== 'a')
        expect(href.startsWith('#'), `${el.tagName} href`).toBe(true);
      const style = el.getAttribute('style');
      if (style !== null) expect(style).not.toMatch(/url\s*\(/i);
    }
    expect(html).not.toContain('evil.example');
  });

  it('shows an SVG output as an image, where its scripts cannot run', () => {
    const svgImg = [...doc.querySelectorAll('img')].find((i) =>
      i.getAttribute('src')?.startsWith('data:image/svg+xml;base64,'),
    );
    expect(svgImg).toBeDefined();
    // The picture itself is kept as it was; a browser never runs script in an <img>.
    expect(Buffer.from(svgImg!.getAttribute('src')!.split(',')[1]!, 'base64').toString()).toContain('<rect');
    expect(doc.querySelector('svg[onload]')).toBeNull();
  });

  it('keeps what is harmless: text, markdown, links to http(s) in a new tab, attachments, tracebacks', () => {
    // Ids are prefixed (user-content-) so they cannot clobber the page's names.
    expect(doc.getElementById('user-content-ok-html')?.textContent).toBe('html output kept');
    expect(doc.querySelector('h1')?.textContent).toBe('Crafted outputs');
    expect([...doc.querySelectorAll('strong')].map((s) => s.textContent)).toContain('bold md output');
    const docs = [...doc.querySelectorAll('a')].find((a) => a.textContent === 'docs')!;
    expect(docs.getAttribute('href')).toBe('https://example.org/docs');
    expect(docs.getAttribute('rel')).toContain('noreferrer');
    expect(docs.getAttribute('target')).toBe('_blank');
    const mdLink = [...doc.querySelectorAll('a')].find((a) => a.textContent === 'md js link');
    expect(mdLink?.hasAttribute('href') ?? false).toBe(false);
    expect(doc.querySelector('img[alt="attached"]')?.getAttribute('src')).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(html).toContain('JavaScript output is not shown');
    const tb = [...doc.querySelectorAll('[data-error] pre')].map((p) => p.textContent).join('');
    expect(tb).toContain("ValueError: <script>alert('tb')</script>");
    expect(doc.querySelector('[data-error] span')?.getAttribute('style')).toContain('--ansi-red');
    expect(doc.querySelector('[data-stream="stderr"] pre')?.textContent).toContain(
      "<img src=x onerror=alert('stream')>",
    );
  });

  it('names nothing that could clobber the page', () => {
    expect(doc.querySelector('[name="location"]')).toBeNull();
  });
});

describe('rendering a real notebook', () => {
  const doc = dom(renderNotebook(fixture('plot.ipynb')));

  it('shows the matplotlib plot, the pandas table, prompts, highlighted code and the traceback', () => {
    expect(doc.querySelector('img.t-image')?.getAttribute('src')).toMatch(/^data:image\/png;base64,iVBOR/);
    expect(doc.querySelectorAll('table.dataframe tbody tr').length).toBe(3);
    expect([...doc.querySelectorAll('.t-prompt')].map((p) => p.textContent)).toEqual(
      expect.arrayContaining(['In [1]:', 'Out[2]:']),
    );
    expect(doc.querySelector('.t-source .hljs-keyword')?.textContent).toBe('import');
    expect(doc.querySelector('[data-error]')?.textContent).toContain('ZeroDivisionError');
    expect(doc.querySelector('[data-stream="stdout"] span')?.textContent).toBe('green');
  });
});

describe('sanitizeHtml and ansiToHtml', () => {
  it('drops CSS that fetches or escapes its box, keeps plain styling', () => {
    expect(sanitizeHtml('<b style="color: red">x</b>')).toBe('<b style="color: red">x</b>');
    expect(sanitizeHtml('<b style="background:u\\rl(//x)">x</b>')).toBe('<b>x</b>');
    expect(sanitizeHtml('<div style="position:fixed;inset:0">x</div>')).toBe('<div>x</div>');
    // A CSS comment is nothing to the browser: position:/**/fixed is position:fixed.
    expect(sanitizeHtml('<div style="position:/**/fixed;inset:0">x</div>')).toBe('<div>x</div>');
    expect(sanitizeHtml('<div style="position:fixed/*x*/;inset:0">x</div>')).toBe('<div>x</div>');
  });

  it('drops SVG paint, filter, mask and clip references to other documents, keeps those inside the output', () => {
    const out = sanitizeHtml(
      '<svg>' +
        '<rect fill="url(https://evil.example/p.svg#p)" filter="url( \'//evil.example/f.svg#f\')" ' +
        'mask="URL(x.svg#m)" clip-path="url(#clip1)" stroke="red" /></svg>',
    );
    expect(out).not.toContain('evil.example');
    expect(out).not.toContain('x.svg');
    expect(out).toContain('clip-path="url(#clip1)"');
    expect(out).toContain('stroke="red"');
  });

  it('escapes text between colour codes and closes spans', () => {
    expect(ansiToHtml('\x1b[1;31m<b>\x1b[0m & \x1b[38;5;196mx\x1b[39m')).toBe(
      '<span style="color:var(--ansi-red);font-weight:bold">&lt;b&gt;</span> &amp; ' +
        '<span style="color:rgb(255,0,0)">x</span>',
    );
  });
});
