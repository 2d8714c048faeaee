// A notebook snapshot as static HTML in JupyterLab's shape: markdown cells rendered, code cells
// with In [n]: prompts and highlighted source, outputs by the richest MIME type the viewer can
// show safely. No kernel, no JavaScript: interactive outputs say what they were instead.
import {
  joinSource,
  type Notebook,
  type NotebookCell,
  type NotebookOutput,
} from '../../../resources/shares/notebook-format.ts';
import { ansiToHtml } from './ansi.ts';
import { escapeHtml } from './escape.ts';
import { highlight } from './highlight.ts';
import { renderMarkdown } from './markdown.ts';
import { sanitizeHtml } from './sanitize-html.ts';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
const ORDER = [
  'text/html',
  'image/svg+xml',
  ...IMAGE_TYPES,
  'text/markdown',
  'text/latex',
  'application/json',
  'text/plain',
];
const BASE64 = /^[A-Za-z0-9+/=]*$/;

const text = (v: unknown) => (Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : '');
const prompt = (label: string, n: number | null | undefined) => `<div class="t-prompt">${label}[${n ?? ' '}]:</div>`;

/** What a terminal would show: each \r rewinds to the start of its line (progress bars). */
function terminalText(s: string): string {
  return s
    .split('\n')
    .map((line) => {
      const parts = line.split('\r');
      let shown = parts[0]!;
      for (const p of parts.slice(1)) shown = p + shown.slice(p.length);
      return shown;
    })
    .join('\n');
}

function dimensions(output: NotebookOutput, mime: string): string {
  const meta = (output.metadata as Record<string, unknown> | undefined)?.[mime] as Record<string, unknown> | undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : undefined);
  const w = n(meta?.width);
  const h = n(meta?.height);
  return `${w ? ` width="${w}"` : ''}${h ? ` height="${h}"` : ''}`;
}

function renderMime(output: NotebookOutput, data: Record<string, unknown>): string {
  const mime = ORDER.find((m) => data[m] !== undefined);
  if (!mime) {
    const kinds = Object.keys(data);
    const what = kinds.some((k) => k.includes('widget'))
      ? 'An interactive widget'
      : kinds.some((k) => k.includes('javascript'))
        ? 'JavaScript output'
        : `Output of type ${kinds.join(', ')}`;
    return `<div class="t-output-note">${escapeHtml(what)} is not shown in a read-only view.</div>`;
  }
  const value = data[mime];
  if (mime === 'text/html') return `<div class="t-html">${sanitizeHtml(text(value))}</div>`;
  if (mime === 'image/svg+xml') {
    // As an <img>, an SVG is a picture: its scripts and event handlers never run.
    return (
      '<img class="t-image" alt="SVG output" src="data:image/svg+xml;base64,' +
      `${Buffer.from(text(value)).toString('base64')}"${dimensions(output, mime)}>`
    );
  }
  if (IMAGE_TYPES.includes(mime)) {
    const b64 = text(value).replace(/\s/g, '');
    if (!BASE64.test(b64))
      return '<div class="t-output-note">An image output that is not valid base64 is not shown.</div>';
    return (
      `<img class="t-image" alt="${mime.slice(6).toUpperCase()} output" src="data:${mime};base64,${b64}"` +
      `${dimensions(output, mime)}>`
    );
  }
  if (mime === 'text/markdown') return `<div class="t-markdown">${renderMarkdown(text(value))}</div>`;
  if (mime === 'application/json') return `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
  return `<pre>${ansiToHtml(text(value))}</pre>`;
}

/** Consecutive stream outputs of one stream show as one block, as in JupyterLab. */
function mergeStreams(outputs: NotebookOutput[]): NotebookOutput[] {
  const merged: NotebookOutput[] = [];
  for (const o of outputs) {
    const prev = merged.at(-1);
    if (o.output_type === 'stream' && prev?.output_type === 'stream' && prev.name === o.name) {
      merged[merged.length - 1] = { ...prev, text: text(prev.text) + text(o.text) };
    } else merged.push(o);
  }
  return merged;
}

function renderOutput(o: NotebookOutput): string {
  switch (o.output_type) {
    case 'stream':
      return (
        `<div class="t-output" data-stream="${o.name === 'stderr' ? 'stderr' : 'stdout'}">` +
        '<div class="t-prompt"></div>' +
        `<div class="t-output-body"><pre>${ansiToHtml(terminalText(text(o.text)))}</pre></div></div>`
      );
    case 'error': {
      const tb = o.traceback?.length ? o.traceback.join('\n') : `${o.ename ?? 'Error'}: ${o.evalue ?? ''}`;
      return (
        '<div class="t-output" data-error="true"><div class="t-prompt"></div><div class="t-output-body">' +
        `<pre>${ansiToHtml(tb)}</pre></div></div>`
      );
    }
    case 'execute_result':
      return (
        `<div class="t-output" data-result="true">${prompt('Out', o.execution_count)}` +
        `<div class="t-output-body">${renderMime(o, o.data ?? {})}</div></div>`
      );
    case 'display_data':
      return (
        '<div class="t-output"><div class="t-prompt"></div>' +
        `<div class="t-output-body">${renderMime(o, o.data ?? {})}</div></div>`
      );
    default:
      return '';
  }
}

function renderCell(cell: NotebookCell, language: string, index: number): string {
  const source = joinSource(cell.source);
  if (cell.cell_type === 'markdown') {
    return (
      `<section class="t-cell" data-type="markdown" id="cell-${index}"><div class="t-prompt"></div>` +
      '<div class="t-markdown">' +
      `${renderMarkdown(source, cell.attachments as Record<string, Record<string, unknown>> | undefined)}` +
      '</div></section>'
    );
  }
  if (cell.cell_type === 'raw') {
    return (
      `<section class="t-cell" data-type="raw" id="cell-${index}"><div class="t-prompt"></div>` +
      `<pre class="t-raw">${escapeHtml(source)}</pre></section>`
    );
  }
  const outputs = mergeStreams(cell.outputs ?? [])
    .map(renderOutput)
    .join('');
  return (
    `<section class="t-cell" data-type="code" id="cell-${index}">
<div class="t-input">${prompt('In ', cell.execution_count)}<pre class="t-source">` +
    `<code class="hljs language-${escapeHtml(language)}">${highlight(source, language)}</code></pre>` +
    `</div>${outputs ? `<div class="t-outputs">${outputs}</div>` : ''}</section>`
  );
}

export function notebookLanguage(nb: Notebook): string {
  const meta = nb.metadata as { language_info?: { name?: unknown }; kernelspec?: { language?: unknown } };
  const lang = meta.language_info?.name ?? meta.kernelspec?.language;
  return typeof lang === 'string' && /^[\w+#-]{1,32}$/.test(lang) ? lang : 'python';
}

export function renderNotebook(nb: Notebook): string {
  const language = notebookLanguage(nb);
  return nb.cells.map((cell, i) => renderCell(cell, language, i)).join('\n');
}
