// What the user sees between /studio and JupyterLab: progress of their JupyterServer app, its
// failure reason, or a choice of profile. Plain DOM: JupyterLab is not loaded yet.
const LOGO =
  '<svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">' +
  '<rect x="2" y="2" width="13" height="13" rx="2.5" fill="#14b8a6"/>' +
  '<rect x="17" y="2" width="13" height="13" rx="2.5" fill="#f59e0b"/>' +
  '<rect x="2" y="17" width="13" height="13" rx="2.5" fill="#6366f1"/>' +
  '<rect x="17" y="17" width="13" height="13" rx="2.5" fill="#f43f5e"/></svg>';

export class BootScreen {
  private readonly card: HTMLElement;

  constructor(private readonly root: HTMLElement) {
    root.className = 'tessera-Boot';
    root.innerHTML =
      `<header class="t-bar">${LOGO}<span class="t-wordmark">Tessera<small>Studio</small></span></header>` +
      '<main class="t-center"><div class="t-card" aria-live="polite"></div></main>';
    this.card = root.querySelector('.t-card')!;
  }

  progress(title: string, detail: string, step: number): void {
    this.card.replaceChildren(
      el('h1', {}, title),
      el('p', { className: 'tessera-Boot-detail', 'data-testid': 'boot-status' }, detail),
      el(
        'div',
        { className: 'tessera-Boot-bar', role: 'progressbar' },
        el('span', { style: `width:${Math.min(95, 10 + step * 15)}%` }),
      ),
    );
  }

  failed(title: string, reason: string, retry?: () => void): void {
    this.card.replaceChildren(
      el('h1', {}, title),
      el('p', { className: 't-error', 'data-testid': 'boot-failure' }, reason),
      retry ? el('button', { onclick: retry }, 'Try again') : el('span'),
    );
  }

  chooseProfile(
    profiles: { domainId: string; userProfileName: string }[],
    choose: (p: { domainId: string; userProfileName: string }) => void,
  ): void {
    this.card.replaceChildren(
      el('h1', {}, 'Choose a user profile'),
      el('p', {}, 'You have several Studio profiles. Which one do you want to open?'),
      el(
        'ul',
        { className: 'tessera-Boot-profiles' },
        ...profiles.map((p) =>
          el(
            'li',
            {},
            el(
              'button',
              { onclick: () => choose(p), 'data-profile': `${p.domainId}/${p.userProfileName}` },
              el('strong', {}, p.userProfileName),
              el('small', {}, p.domainId),
            ),
          ),
        ),
      ),
    );
  }

  remove(): void {
    this.root.remove();
  }
}

function el(tag: string, props: Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === 'function') e.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'className') e.className = String(v);
    else e.setAttribute(k, String(v));
  }
  e.append(...children);
  return e;
}
