// Terminal colour codes (SGR) in stream and error outputs to HTML spans, as JupyterLab shows
// tracebacks: the 16 colours as classes the page styles, 256-colour and true colour inline.
// Everything else (cursor movement, OSC titles) is dropped; text is escaped.
import { escapeHtml } from './escape.ts';

const NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

interface Style {
  fg?: string;
  bg?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
}

function color256(n: number): string {
  if (n < 16) return `var(--ansi-${n < 8 ? NAMES[n] : `bright-${NAMES[n - 8]}`})`;
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v},${v},${v})`;
  }
  const i = n - 16;
  const c = (k: number) => (k ? 55 + k * 40 : 0);
  return `rgb(${c(Math.floor(i / 36))},${c(Math.floor(i / 6) % 6)},${c(i % 6)})`;
}

function apply(style: Style, codes: number[]): Style {
  const s = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 0) Object.keys(s).forEach((k) => delete s[k as keyof Style]);
    else if (code === 1) s.bold = true;
    else if (code === 3) s.italic = true;
    else if (code === 4) s.underline = true;
    else if (code === 22) s.bold = false;
    else if (code === 23) s.italic = false;
    else if (code === 24) s.underline = false;
    else if (code >= 30 && code <= 37) s.fg = `var(--ansi-${NAMES[code - 30]})`;
    else if (code >= 90 && code <= 97) s.fg = `var(--ansi-bright-${NAMES[code - 90]})`;
    else if (code >= 40 && code <= 47) s.bg = `var(--ansi-${NAMES[code - 40]})`;
    else if (code >= 100 && code <= 107) s.bg = `var(--ansi-bright-${NAMES[code - 100]})`;
    else if (code === 39) delete s.fg;
    else if (code === 49) delete s.bg;
    else if (code === 38 || code === 48) {
      let value: string | undefined;
      if (codes[i + 1] === 5 && codes[i + 2] !== undefined) {
        value = color256(codes[i + 2]! & 255);
        i += 2;
      } else if (codes[i + 1] === 2 && codes[i + 4] !== undefined) {
        value = `rgb(${codes[i + 2]! & 255},${codes[i + 3]! & 255},${codes[i + 4]! & 255})`;
        i += 4;
      }
      if (value) s[code === 38 ? 'fg' : 'bg'] = value;
    }
  }
  return s;
}

function open(s: Style): string {
  const css = [
    s.fg && `color:${s.fg}`,
    s.bg && `background-color:${s.bg}`,
    s.bold && 'font-weight:bold',
    s.italic && 'font-style:italic',
    s.underline && 'text-decoration:underline',
  ].filter(Boolean);
  return css.length ? `<span style="${css.join(';')}">` : '';
}

export function ansiToHtml(text: string): string {
  // Drop OSC sequences (ESC ] ... BEL/ST) and non-SGR CSI sequences; split on SGR.
  const clean = text.replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '').replace(/\x1b\[[0-9;?]*[A-Za-ln-z]/g, '');
  let out = '';
  let style: Style = {};
  let spanOpen = false;
  const re = /\x1b\[([0-9;]*)m/g;
  let last = 0;
  for (let m = re.exec(clean); m; m = re.exec(clean)) {
    out += escapeHtml(clean.slice(last, m.index).replace(/\x1b/g, ''));
    last = re.lastIndex;
    style = apply(style, m[1] ? m[1].split(';').map((n) => Number.parseInt(n || '0', 10)) : [0]);
    if (spanOpen) out += '</span>';
    const tag = open(style);
    spanOpen = !!tag;
    out += tag;
  }
  out += escapeHtml(clean.slice(last).replace(/\x1b/g, ''));
  if (spanOpen) out += '</span>';
  return out;
}
