// Invitations and password resets: the admin-only REST routes that make one-time links, and the
// set-password pages behind them (origin check, password rules, one use, sessions ended).
import { signIn } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { otherUser, uniqueName, useHarness } from './harness.ts';

const h = useHarness();
const PASSWORD = 'a-brand-new-password';

const login = (username: string, password: string) =>
  fetch(`${h.server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
const page = (url: string) => fetch(url, { redirect: 'manual' });
const post = (url: string, form: Record<string, string>, origin: string | null = h.server.url) =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: new URLSearchParams(form).toString(),
  });

async function invitedUser() {
  const username = uniqueName('new');
  const created = await h.session.rest('POST', '/api/v1/users', { username });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  return username;
}

describe('invitations', () => {
  it('creates users without a password, who cannot sign in until invited', async () => {
    const username = await invitedUser();
    expect((await login(username, 'anything-at-all-here')).status).toBe(401);
  });

  it('makes an invitation link for admins only', async () => {
    const username = await invitedUser();
    const bob = await otherUser(h);
    expect((await bob.session.rest('POST', `/api/v1/users/${username}/invite`, {})).status).toBe(403);
    expect(
      (
        await fetch(`${h.server.url}/api/v1/users/${username}/invite`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
    expect((await h.session.rest('POST', '/api/v1/users/no-such-user/invite', {})).status).toBe(404);
    expect((await h.session.rest('POST', `/api/v1/users/${username}/invite`, { expiresInHours: 0 })).status).toBe(400);
    // Someone with a password gets a reset, not an invitation.
    const has = await h.session.rest('POST', `/api/v1/users/${bob.username}/invite`, {});
    expect(has.status).toBe(400);
    expect(has.body.error.message).toContain('password-reset');

    const link = await h.session.rest('POST', `/api/v1/users/${username}/invite`, {});
    expect(link.status).toBe(200);
    expect(link.body.url).toMatch(new RegExp(`^${h.server.url}/invite/[A-Za-z0-9_-]{43}$`));
    expect(Math.abs(Date.parse(link.body.expiresAt) - (Date.now() + 7 * 86400_000))).toBeLessThan(60_000);
    // The link is a credential: it never reaches the server's log.
    expect(h.server.output.join('\n')).not.toContain(link.body.url.split('/').at(-1));
  });

  it('sets the first password through the link once, signs the user in and opens Studio', async () => {
    const username = await invitedUser();
    const { url } = (await h.session.rest('POST', `/api/v1/users/${username}/invite`, {})).body;
    const form = await page(url);
    expect(form.status).toBe(200);
    // The page's URL holds the token: not cached, not framed, not sent to other sites as a referrer.
    expect(form.headers.get('cache-control')).toBe('no-store');
    expect(form.headers.get('referrer-policy')).toBe('same-origin');
    expect(form.headers.get('x-frame-options')).toBe('DENY');
    const html = await form.text();
    expect(html).toContain(`value="${username}"`);
    expect(html).toContain('name="password"');

    // A cross-site form, a short password and a mismatch are refused without using the link up.
    expect((await post(url, { password: PASSWORD, confirm: PASSWORD }, 'https://evil.example')).status).toBe(403);
    expect((await post(url, { password: PASSWORD, confirm: PASSWORD }, null)).status).toBe(403);
    const short = await post(url, { password: 'short', confirm: 'short' });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain('at least 12 characters');
    expect((await post(url, { password: PASSWORD, confirm: `${PASSWORD}x` })).status).toBe(400);

    const done = await post(url, { password: PASSWORD, confirm: PASSWORD });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/studio');
    const cookie = done.headers
      .getSetCookie()
      .find((c) => c.startsWith('tessera_session='))!
      .split(';')[0]!;
    expect((await (await fetch(`${h.server.url}/api/v1/me`, { headers: { cookie } })).json()).user.username).toBe(
      username,
    );
    expect((await login(username, PASSWORD)).status).toBe(200);

    expect((await post(url, { password: 'another-long-password', confirm: 'another-long-password' })).status).toBe(403);
    const used = await page(url);
    expect(used.status).toBe(403);
    expect(await used.text()).toContain('already been used or has expired');
    expect((await login(username, 'another-long-password')).status).toBe(401);
  });

  it('lets only one of two simultaneous submissions set the password', async () => {
    const username = await invitedUser();
    const { url } = (await h.session.rest('POST', `/api/v1/users/${username}/invite`, {})).body;
    const [a, b] = await Promise.all([
      post(url, { password: `${PASSWORD}-a`, confirm: `${PASSWORD}-a` }),
      post(url, { password: `${PASSWORD}-b`, confirm: `${PASSWORD}-b` }),
    ]);
    expect([a.status, b.status].sort()).toEqual([303, 403]);
    const winner = a.status === 303 ? 'a' : 'b';
    expect((await login(username, `${PASSWORD}-${winner}`)).status).toBe(200);
  });
});

describe('password resets', () => {
  it('makes a reset link for admins only, ends the user’s sessions, and sets the new password once', async () => {
    const bob = await otherUser(h);
    const carol = await otherUser(h);
    expect((await carol.session.rest('POST', `/api/v1/users/${bob.username}/password-reset`, {})).status).toBe(403);
    expect((await bob.session.rest('GET', '/api/v1/me')).status).toBe(200);

    const older = await h.session.rest('POST', `/api/v1/users/${bob.username}/password-reset`, {});
    const reset = await h.session.rest('POST', `/api/v1/users/${bob.username}/password-reset`, {});
    expect(reset.status).toBe(200);
    expect(reset.body.url).toMatch(new RegExp(`^${h.server.url}/reset/[A-Za-z0-9_-]{43}$`));
    expect(Math.abs(Date.parse(reset.body.expiresAt) - (Date.now() + 3600_000))).toBeLessThan(60_000);
    expect((await bob.session.rest('GET', '/api/v1/me')).status).toBe(401);
    // Only the newest link works.
    expect((await page(older.body.url)).status).toBe(403);

    const done = await post(reset.body.url, { password: PASSWORD, confirm: PASSWORD });
    expect(done.status).toBe(303);
    expect((await login(bob.username, bob.password)).status).toBe(401);
    const session = await signIn(h.server.url, bob.username, PASSWORD);
    expect((await session.rest('GET', '/api/v1/me')).body.user.username).toBe(bob.username);
    expect((await post(reset.body.url, { password: PASSWORD, confirm: PASSWORD })).status).toBe(403);
  });

  it('refuses resets for unknown users', async () => {
    expect((await h.session.rest('POST', '/api/v1/users/nobody-here/password-reset', {})).status).toBe(404);
  });
});
