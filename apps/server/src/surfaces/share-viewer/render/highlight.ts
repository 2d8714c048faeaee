// Syntax highlighting with highlight.js (which escapes what it is given); a language it does
// not know is shown as escaped plain text.
import hljs from 'highlight.js';
import { escapeHtml } from './escape.ts';

export function highlight(code: string, language: string): string {
  const lang = language.toLowerCase();
  if (lang && hljs.getLanguage(lang)) {
    try {
      return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
    } catch {
      // Fall through to plain text.
    }
  }
  return escapeHtml(code);
}
