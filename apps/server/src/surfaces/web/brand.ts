// Studio's look for the pages the server renders before JupyterLab exists (sign-in, boot).
// The same mark is packages/jupyterlab-studio/style/icons/tessera.svg inside JupyterLab.
export const LOGO_SVG =
  `<svg class="t-logo" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
<rect x="2" y="2" width="13" height="13" rx="2.5" fill="#14b8a6"/>` +
  `<rect x="17" y="2" width="13" height="13" rx="2.5" fill="#f59e0b"/>
<rect x="2" y="17" width="13" height="13" rx="2.5" fill="#6366f1"/>` +
  `<rect x="17" y="17" width="13" height="13" rx="2.5" fill="#f43f5e"/></svg>`;

export const PAGE_CSS =
  `
:root { color-scheme: light dark; --t-bg: #f4f6fa; --t-card: #ffffff; --t-text: #14213d; ` +
  `--t-muted: #5b6478; --t-line: #d9dee8;
  --t-accent: #0f766e; --t-accent-hover: #115e59; --t-error: #b91c1c; --t-bar: #14213d; }
@media (prefers-color-scheme: dark) { :root { --t-bg: #0f1420; --t-card: #182031; ` +
  `--t-text: #e6e9f0; --t-muted: #9aa3b5;
  --t-line: #2b354a; --t-accent: #2dd4bf; --t-accent-hover: #5eead4; --t-error: #f87171; --t-bar: #0b1020; } }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: var(--t-bg); color: var(--t-text);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", sans-serif; }
.t-bar { height: 48px; display: flex; align-items: center; gap: 10px; padding: 0 18px; ` +
  `background: var(--t-bar); color: #fff; }
.t-wordmark { font-weight: 650; font-size: 17px; letter-spacing: .2px; }
.t-wordmark small { font-weight: 400; opacity: .7; margin-left: 6px; }
.t-center { display: flex; align-items: center; justify-content: center; ` +
  `min-height: calc(100% - 48px); padding: 24px; }
.t-card { width: 100%; max-width: 380px; background: var(--t-card); border: 1px solid var(--t-line); ` +
  `border-radius: 10px; padding: 28px;
  box-shadow: 0 8px 30px rgba(20, 33, 61, .08); }
.t-card h1 { margin: 0 0 4px; font-size: 20px; font-weight: 650; }
.t-card p { margin: 0 0 18px; color: var(--t-muted); }
label { display: block; font-weight: 600; font-size: 13px; margin: 14px 0 6px; }
input { width: 100%; padding: 9px 11px; font: inherit; color: inherit; background: transparent; ` +
  `border: 1px solid var(--t-line); border-radius: 6px; }
input:focus { outline: 2px solid var(--t-accent); outline-offset: -1px; border-color: transparent; }
button { margin-top: 20px; width: 100%; padding: 10px; font: inherit; font-weight: 600; color: #fff; ` +
  `background: var(--t-accent);
  border: 0; border-radius: 6px; cursor: pointer; }
button:hover { background: var(--t-accent-hover); }
button:disabled { opacity: .6; cursor: progress; }
.t-error { color: var(--t-error); margin-top: 14px; min-height: 1.4em; }
`;

export function page(title: string, body: string, extraHead = ''): string {
  return (
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>` +
    `<link rel="icon" href="data:image/svg+xml,` +
    `${encodeURIComponent(LOGO_SVG.replace(' class="t-logo"', ' xmlns="http://www.w3.org/2000/svg"'))}">
<style>${PAGE_CSS}</style>${extraHead}</head>
<body>${body}</body></html>`
  );
}

export const topBar = (suffix = '') =>
  `<header class="t-bar">${LOGO_SVG}` +
  `<span class="t-wordmark">Tessera${suffix ? `<small>${suffix}</small>` : ''}</span></header>`;
