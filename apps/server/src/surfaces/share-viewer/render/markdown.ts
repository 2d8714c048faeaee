// Markdown cells (and text/markdown outputs) as JupyterLab shows them: GitHub-flavoured
// markdown with highlighted code blocks; the HTML it yields (markdown may embed raw HTML) goes
// through the sanitizer, which also resolves attachment: images.
import { Marked } from 'marked';
import { highlight } from './highlight.ts';
import { sanitizeHtml } from './sanitize-html.ts';

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    code({ text, lang }) {
      return (
        '<pre class="t-md-code">' +
        `<code class="hljs">${highlight(text, (lang ?? '').split(/\s/)[0] ?? '')}</code></pre>\n`
      );
    },
  },
});

export function renderMarkdown(source: string, attachments?: Record<string, Record<string, unknown>>): string {
  const html = marked.parse(source, { async: false }) as string;
  return sanitizeHtml(html, { attachments });
}
