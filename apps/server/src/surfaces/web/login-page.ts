// GET /login: the sign-in form. It posts JSON to the REST login (which sets the session cookie)
// and then follows ?next=, but only to a path on this origin, never to another site.
import { page, topBar } from './brand.ts';

/** `next` if it is a same-origin absolute path ("/studio?x"), else the default. */
export function safeNext(next: unknown, fallback = '/studio'): string {
  if (
    typeof next !== 'string' ||
    !next.startsWith('/') ||
    next.startsWith('//') ||
    next.startsWith('/\\') ||
    /[\r\n\t]/.test(next)
  )
    return fallback;
  return next;
}

const SCRIPT =
  `
const form = document.getElementById('login');
const error = document.getElementById('error');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = form.querySelector('button');
  button.disabled = true;
  error.textContent = '';
  try {
    const res = await fetch('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ username: form.username.value, password: form.password.value }),
    });
    if (res.ok) { location.assign(form.dataset.next); return; }
    const body = await res.json().catch(() => ({}));
    error.textContent = res.status === 401 ? 'Wrong username or password.' : (body.error && body.error.message) || ` +
  `('Sign-in failed (' + res.status + ')');
  } catch (e) {
    error.textContent = 'Cannot reach the server: ' + e.message;
  }
  button.disabled = false;
});
`;

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function loginPage(next: string): string {
  return page(
    'Sign in · Tessera',
    `${topBar()}
<main class="t-center"><form class="t-card" id="login" data-next="${escapeAttr(next)}" novalidate>
<h1>Sign in</h1><p>to your Tessera Studio</p>
<label for="username">Username</label>` +
      `<input id="username" name="username" autocomplete="username" autofocus required>
<label for="password">Password</label>` +
      `<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button><div class="t-error" id="error" role="alert"></div>
</form></main>
<script>${SCRIPT}</script>`,
  );
}
