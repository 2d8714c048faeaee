// The pages and the jupyterlab_server stand-in behind /studio, against the real server and a
// small fixture in place of the Studio build (TESSERA_STUDIO_DIST).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { otherUser, useHarness } from './harness.ts';

const dist = mkdtempSync(join(tmpdir(), 'tessera-studio-dist-'));
mkdirSync(join(dist, 'static'));
mkdirSync(join(dist, 'schemas', '@jupyterlab', 'apputils-extension'), { recursive: true });
mkdirSync(join(dist, 'themes', '@tessera', 'jupyterlab-studio-extension'), { recursive: true });
writeFileSync(join(dist, 'static', 'studio.js'), 'console.log("studio")');
writeFileSync(join(dist, 'static', 'lab.0123abcd.js'), '1');
writeFileSync(join(dist, 'static', 'vendor.89abcdef.js'), 'export const plugin = "jupyterlab";\n'.repeat(2000));
writeFileSync(
  join(dist, 'schemas', '@jupyterlab', 'apputils-extension', 'themes.json'),
  JSON.stringify({
    type: 'object',
    properties: {
      theme: { type: 'string', default: 'JupyterLab Light' },
      'theme-scrollbars': { type: 'boolean', default: false },
    },
  }),
);
writeFileSync(
  join(dist, 'schemas', 'overrides.json'),
  JSON.stringify({ '@jupyterlab/apputils-extension:themes': { theme: 'Tessera Light' } }),
);
writeFileSync(join(dist, 'themes', '@tessera', 'jupyterlab-studio-extension', 'light.css'), ':root{--x:1}');

const h = useHarness({ TESSERA_STUDIO_DIST: dist });
const get = (path: string, cookie?: string) =>
  fetch(`${h.server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

describe('Studio pages', () => {
  it('sends visitors without a session to the sign-in page and back', async () => {
    const r = await get('/studio');
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/login?next=%2Fstudio');
    const q = await get('/studio?domain=d-1&profile=p');
    expect(q.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/studio?domain=d-1&profile=p')}`);
    const login = await get('/login?next=/studio');
    expect(login.status).toBe(200);
    const html = await login.text();
    expect(html).toContain('data-next="/studio"');
    expect(html).toContain('/api/v1/auth/login');
  });

  it('never follows ?next= off this origin', async () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const html = await (await get(`/login?next=${encodeURIComponent(next)}`)).text();
      expect(html, next).toContain('data-next="/studio"');
    }
  });

  it('serves the boot page and the bundle to a signed-in user, and nothing without a session', async () => {
    const page = await get('/studio', h.session.cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/studio/static/studio.js');
    expect((await get('/studio/lab/tree/x.ipynb', h.session.cookie)).status).toBe(200);
    const entry = await get('/studio/static/studio.js', h.session.cookie);
    expect(entry.status).toBe(200);
    expect(entry.headers.get('cache-control')).toBe('no-cache');
    expect((await get('/studio/static/lab.0123abcd.js', h.session.cookie)).headers.get('cache-control')).toContain(
      'immutable',
    );
    expect((await get('/studio/static/studio.js')).status).toBe(401);
    expect([400, 403, 404]).toContain((await get('/studio/static/..%2F..%2Fpackage.json', h.session.cookie)).status);
    expect((await get('/studio/static/missing.js', h.session.cookie)).status).toBe(404);
    const big = await fetch(`${h.server.url}/studio/static/vendor.89abcdef.js`, {
      headers: { cookie: h.session.cookie, 'accept-encoding': 'gzip' },
    });
    expect(big.headers.get('content-encoding')).toBe('gzip');
    expect((await big.text()).length).toBe('export const plugin = "jupyterlab";\n'.length * 2000);
  });

  it('serves settings with Studio defaults and keeps each user their own JSON5 overrides', async () => {
    const alice = await otherUser(h);
    const list = await alice.session.rest('GET', '/studio/api/settings');
    expect(list.status).toBe(200);
    const themes = list.body.settings.find((p: any) => p.id === '@jupyterlab/apputils-extension:themes');
    expect(themes.schema.properties.theme.default).toBe('Tessera Light');
    expect(themes.raw).toBe('{}');
    const raw = '{\n  // dark please\n  "theme": "Tessera Dark",\n}';
    expect(
      (await alice.session.rest('PUT', '/studio/api/settings/@jupyterlab/apputils-extension:themes', { raw })).status,
    ).toBe(204);
    const mine = await alice.session.rest('GET', '/studio/api/settings/@jupyterlab/apputils-extension:themes');
    expect(mine.body).toMatchObject({ raw, settings: { theme: 'Tessera Dark' } });
    const admins = await h.session.rest('GET', '/studio/api/settings/@jupyterlab/apputils-extension:themes');
    expect(admins.body.settings).toEqual({});
    expect(
      (await alice.session.rest('PUT', '/studio/api/settings/@jupyterlab/apputils-extension:themes', { raw: '{ nope' }))
        .status,
    ).toBe(400);
    expect((await alice.session.rest('GET', '/studio/api/settings/@x/y:z')).status).toBe(404);
    expect((await alice.session.rest('GET', '/studio/api/settings/..%2F..%2Fetc:passwd')).status).toBe(404);
    const ids = await alice.session.rest('GET', '/studio/api/settings?ids_only=true');
    expect(ids.body.settings).toEqual([{ id: '@jupyterlab/apputils-extension:themes' }]);
  });

  it('keeps workspaces per user, answers translations in English and serves themes', async () => {
    const bob = await otherUser(h);
    expect((await bob.session.rest('GET', '/studio/api/workspaces/default')).body).toEqual({
      data: {},
      metadata: { id: 'default' },
    });
    // JupyterLab's workspace manager sends its JSON without a Content-Type.
    const put = await fetch(`${h.server.url}/studio/api/workspaces/default`, {
      method: 'PUT',
      headers: { cookie: bob.session.cookie, 'x-requested-with': 'XMLHttpRequest' },
      body: JSON.stringify({ data: { 'layout-restorer:data': { main: null } }, metadata: { id: 'default' } }),
    });
    expect(put.status).toBe(204);
    expect((await bob.session.rest('GET', '/studio/api/workspaces')).body.workspaces.ids).toEqual(['default']);
    expect((await h.session.rest('GET', '/studio/api/workspaces')).body.workspaces.ids).toEqual([]);
    const form = await fetch(`${h.server.url}/studio/api/workspaces/default`, {
      method: 'PUT',
      headers: { cookie: bob.session.cookie, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(400);
    expect((await bob.session.rest('GET', '/studio/api/translations')).body.data.en.displayName).toBe('English');
    expect((await bob.session.rest('GET', '/studio/api/translations/en')).body).toEqual({ data: {}, message: '' });
    const css = await get('/studio/api/themes/@tessera/jupyterlab-studio-extension/light.css', bob.session.cookie);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await get('/studio/api/themes/@tessera/jupyterlab-studio-extension/light.css')).status).toBe(401);
    expect((await fetch(`${h.server.url}/studio/api/settings`)).status).toBe(401);
    const again = await signIn(h.server.url, bob.username, bob.password);
    expect((await again.rest('GET', '/studio/api/workspaces')).body.workspaces.ids).toEqual(['default']);
  });
});
