// The viewer's look: JupyterLab's notebook (prompts in a left column, input areas, outputs,
// stderr and errors tinted), a highlight.js palette, the 16 ANSI colours, light and dark.
export const VIEWER_CSS =
  `
:root { --v-code-bg: #f7f8fa; --v-prompt: #307fc1; --v-out-prompt: #bf5b3d; --v-stderr: #fdeeee; ` +
  `--v-border: #e0e4ec;
  --h-kw: #a626a4; --h-str: #50a14f; --h-num: #986801; --h-com: #8a919e; --h-fn: #4078f2; ` +
  `--h-bi: #c18401; --h-meta: #0184bc;
  --ansi-black: #3e424d; --ansi-red: #e75c58; --ansi-green: #00a250; --ansi-yellow: #ddb62b; --ansi-blue: #208ffb;
  --ansi-magenta: #d160c4; --ansi-cyan: #60c6c8; --ansi-white: #c5c1b4; --ansi-bright-black: #282c36; ` +
  `--ansi-bright-red: #b22b31;
  --ansi-bright-green: #007427; --ansi-bright-yellow: #b27d12; --ansi-bright-blue: #0065ca; ` +
  `--ansi-bright-magenta: #a03196;
  --ansi-bright-cyan: #258f8f; --ansi-bright-white: #a1a6b2; }
@media (prefers-color-scheme: dark) { :root { --v-code-bg: #111827; --v-prompt: #6aa9e9; --v-out-prompt: #e58f72; ` +
  `--v-stderr: #3a1d22;
  --v-border: #2b354a; --h-kw: #d08ee0; --h-str: #98c379; --h-num: #d19a66; --h-com: #7f8797; ` +
  `--h-fn: #61afef; --h-bi: #e5c07b;
  --h-meta: #56b6c2; --ansi-black: #7d8394; --ansi-white: #d8dbe2; } }
html, body { height: auto; }
.t-bar { position: sticky; top: 0; z-index: 2; }
.t-bar .t-spacer { flex: 1; }
.t-bar a { color: #fff; opacity: .85; text-decoration: none; font-size: 13px; }
.t-bar a:hover { opacity: 1; text-decoration: underline; }
.t-badge { font-size: 12px; padding: 2px 8px; border-radius: 999px; ` +
  `background: rgba(255,255,255,.14); color: #fff; }
.t-viewer { max-width: 1100px; margin: 0 auto; padding: 24px 24px 64px; }
.t-doc-head { display: flex; gap: 24px; align-items: flex-start; justify-content: space-between; flex-wrap: wrap;
  background: var(--t-card); border: 1px solid var(--t-line); border-radius: 10px; padding: 18px 22px; ` +
  `margin-bottom: 18px; }
.t-doc-head h1 { margin: 0 0 6px; font-size: 22px; font-weight: 650; }
.t-meta { color: var(--t-muted); font-size: 13px; display: flex; flex-wrap: wrap; gap: 4px 14px; }
.t-meta code { font-size: 12px; }
.t-copy { display: flex; gap: 8px; align-items: center; }
.t-copy select { padding: 7px 9px; font: inherit; color: inherit; background: var(--t-card); ` +
  `border: 1px solid var(--t-line); border-radius: 6px; max-width: 260px; }
.t-copy button { margin: 0; width: auto; padding: 8px 14px; white-space: nowrap; }
.t-copy a { color: var(--t-accent); font-weight: 600; }
.t-notebook { background: var(--t-card); border: 1px solid var(--t-line); border-radius: 10px; ` +
  `padding: 14px 18px 18px 8px; }
.t-cell { display: grid; grid-template-columns: 84px minmax(0, 1fr); margin: 6px 0; }
.t-cell[data-type="code"] { display: block; }
.t-input, .t-output { display: grid; grid-template-columns: 84px minmax(0, 1fr); }
.t-prompt { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; ` +
  `color: var(--v-prompt);
  text-align: right; padding: 6px 10px 0 0; white-space: pre; }
.t-output .t-prompt { color: var(--v-out-prompt); }
pre, code { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; }
.t-source { margin: 0; padding: 6px 10px; background: var(--v-code-bg); border: 1px solid var(--v-border); ` +
  `border-radius: 4px; overflow-x: auto; }
.t-outputs { margin-top: 2px; }
.t-output-body { min-width: 0; overflow-x: auto; padding: 4px 0; contain: paint; }
.t-output-body pre { margin: 0; padding: 2px 10px; white-space: pre-wrap; word-break: break-word; }
.t-output[data-stream="stderr"] .t-output-body, .t-output[data-error] .t-output-body { background: var(--v-stderr); ` +
  `border-radius: 4px; }
.t-image { max-width: 100%; height: auto; display: block; background: #fff; }
.t-output-note { color: var(--t-muted); font-style: italic; padding: 4px 10px; }
.t-markdown { min-width: 0; padding: 2px 10px; line-height: 1.6; overflow-wrap: anywhere; ` +
  `overflow-x: auto; contain: paint; }
.t-markdown h1, .t-markdown h2, .t-markdown h3 { line-height: 1.25; margin: 14px 0 8px; }
.t-markdown h1 { font-size: 26px; } .t-markdown h2 { font-size: 21px; } .t-markdown h3 { font-size: 17px; }
.t-markdown img { max-width: 100%; }
.t-markdown a, .t-html a { color: var(--t-accent); }
.t-markdown code { background: var(--v-code-bg); padding: 1px 4px; border-radius: 3px; }
.t-markdown pre code { padding: 0; background: none; }
.t-markdown pre { background: var(--v-code-bg); padding: 8px 10px; border-radius: 4px; overflow-x: auto; }
.t-markdown blockquote { margin: 8px 0; padding: 0 12px; border-left: 3px solid var(--t-line); ` +
  `color: var(--t-muted); }
.t-raw { margin: 0; padding: 6px 10px; border: 1px dashed var(--t-line); border-radius: 4px; }
img[data-blocked] { display: inline-block; min-width: 120px; min-height: 24px; border: 1px dashed var(--t-line); }
.t-html { padding: 2px 10px; }
.t-html table, .t-markdown table { border-collapse: collapse; font-size: 12.5px; margin: 4px 0; }
.t-html th, .t-html td, .t-markdown th, .t-markdown td { padding: 4px 10px; border: 1px solid var(--v-border); ` +
  `text-align: right; }
.t-html thead th, .t-markdown thead th { background: var(--v-code-bg); }
.t-html tbody tr:nth-child(odd), .t-markdown tbody tr:nth-child(odd) { background: rgba(127,127,127,.06); }
.hljs-keyword, .hljs-selector-tag, .hljs-literal, .hljs-doctag { color: var(--h-kw); }
.hljs-string, .hljs-regexp, .hljs-addition { color: var(--h-str); }
.hljs-number, .hljs-symbol, .hljs-variable, .hljs-template-variable { color: var(--h-num); }
.hljs-comment, .hljs-quote { color: var(--h-com); font-style: italic; }
.hljs-title, .hljs-section, .hljs-function .hljs-title { color: var(--h-fn); }
.hljs-built_in, .hljs-type, .hljs-class .hljs-title { color: var(--h-bi); }
.hljs-meta, .hljs-attr, .hljs-attribute, .hljs-params { color: var(--h-meta); }
.hljs-deletion { color: var(--ansi-red); }
.t-foot { color: var(--t-muted); font-size: 12px; text-align: center; margin-top: 18px; }
.t-notfound h1 { margin-bottom: 8px; }
`;
