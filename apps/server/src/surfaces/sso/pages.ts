// The pages of this folder, in the look of the sign-in page (web/brand.ts): a message card
// (refusals, errors) and the set-password form of invitations and resets. Plain forms, no script:
// the server answers the POST itself and redirects into Studio.
import type { Response } from 'express';
import { page, topBar } from '../web/brand.ts';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * Sends a page that must not be cached, framed or leak its URL (which may hold a token) to another
 * site as a referrer. same-origin rather than no-referrer: the set-password form's POST must
 * carry a real Origin (no-referrer makes it "null"), which the handler checks.
 */
export function sendHtml(res: Response, status: number, body: string): void {
  res
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'referrer-policy': 'same-origin',
    })
    .send(body);
}

export function messagePage(title: string, lines: string[]): string {
  return page(
    `${escapeHtml(title)} · Tessera`,
    `${topBar()}
<main class="t-center"><div class="t-card" role="alert" id="message">
<h1>${escapeHtml(title)}</h1>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}
<p><a href="/login">Sign in with a password</a></p>
</div></main>`,
    '<style>.t-card a { color: var(--t-accent); font-weight: 600; }</style>',
  );
}

export interface SetPasswordForm {
  heading: string;
  intro: string;
  username: string;
  error?: string;
}

export function setPasswordPage(form: SetPasswordForm): string {
  // action="" posts back to this very URL (token included) without echoing the token into the page.
  return page(
    `${escapeHtml(form.heading)} · Tessera`,
    `${topBar()}
<main class="t-center"><form class="t-card" id="set-password" method="post" action="">
<h1>${escapeHtml(form.heading)}</h1><p>${escapeHtml(form.intro)}</p>
<label for="username">Username</label>` +
      `<input id="username" name="username" autocomplete="username" value="${escapeHtml(form.username)}" readonly>
<label for="password">New password</label>` +
      `<input id="password" name="password" type="password" autocomplete="new-password" ` +
      `minlength="12" required autofocus>
<label for="confirm">Repeat it</label>` +
      `<input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="12" required>
<button type="submit">Set password and open Studio</button>` +
      `<div class="t-error" id="error" role="alert">${escapeHtml(form.error ?? '')}</div>
</form></main>`,
  );
}
