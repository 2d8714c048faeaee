// Read-only notebook links against the real server: every /api/v1/shares operation with its
// authorisation (owner, another user, anonymous, admin), the /share/<token> viewer's answers
// (public and domain links, revoke and expiry at once, headers), the domain's sharing settings
// and copying a shared notebook into one's own home.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@tessera/test-support';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDomain, otherUser, useHarness } from './harness.ts';
import { studioUser } from './studio-fixture.ts';

const h = useHarness();
const fixture = (name: string) => new URL(`./fixtures/shares/${name}`, import.meta.url).pathname;
type User = Awaited<ReturnType<typeof studioUser>>;
let alice: User; // shares notebooks
let bob: User; // a profile in alice's domain
let carol: User; // a profile in another domain only
const home = (u: User) => u.home;

const get = (path: string, cookie?: string) =>
  fetch(`${h.server.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
const pathOf = (url: string) => new URL(url).pathname;
const create = (u: User, body: Record<string, unknown> = {}) =>
  u.session.rest('POST', '/api/v1/shares', {
    domainId: u.DomainId,
    userProfileName: u.UserProfileName,
    path: 'plot.ipynb',
    ...body,
  });

beforeAll(async () => {
  const domainId = await createDomain(h.sagemaker);
  [alice, bob, carol] = await Promise.all([studioUser(h, domainId), studioUser(h, domainId), studioUser(h)]);
  for (const u of [alice, bob, carol]) mkdirSync(home(u), { recursive: true });
  copyFileSync(fixture('plot.ipynb'), join(home(alice), 'plot.ipynb'));
  mkdirSync(join(home(alice), 'work'));
  copyFileSync(fixture('malicious.ipynb'), join(home(alice), 'work', 'crafted.ipynb'));
});

describe('creating and reading shares', () => {
  it('snapshots a notebook and returns a link with a 256-bit token, shown again to its owner only', async () => {
    const r = await create(alice, { visibility: 'Public' });
    expect(r.status).toBe(200);
    const share = r.body.share;
    expect(share).toMatchObject({
      ownerUsername: alice.username,
      path: 'plot.ipynb',
      title: 'Sine waves',
      includeOutputs: true,
      visibility: 'Public',
      status: 'Active',
      expiresAt: null,
      viewCount: 0,
    });
    const token = pathOf(share.url).replace('/share/', '');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url').length).toBe(32);
    expect(share.url.startsWith(h.server.url)).toBe(true);
    const again = await alice.session.rest('GET', `/api/v1/shares/${share.shareId}`);
    expect(again.body.share.url).toBe(share.url);
    // An admin sees the share but not its link; another user does not see it at all.
    const admin = await h.session.rest('GET', `/api/v1/shares/${share.shareId}`);
    expect(admin.status).toBe(200);
    expect(admin.body.share.url).toBeNull();
    expect((await bob.session.rest('GET', `/api/v1/shares/${share.shareId}`)).status).toBe(404);
  });

  it('issues a different token every time, with no shared prefix or structure', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 12; i++) tokens.add(pathOf((await create(alice, { visibility: 'Public' })).body.share.url));
    expect(tokens.size).toBe(12);
    const bytes = [...tokens].map((t) => Buffer.from(t.replace('/share/', ''), 'base64url'));
    // Across 12 tokens, every byte position takes several values: nothing is fixed.
    for (let i = 0; i < 32; i++) expect(new Set(bytes.map((b) => b[i])).size).toBeGreaterThan(3);
  });

  it("lists the caller's own shares, filtered by notebook, and everyone's for an admin only", async () => {
    const mine = await alice.session.rest(
      'GET',
      `/api/v1/shares?path=plot.ipynb&domainId=${alice.DomainId}&userProfileName=${alice.UserProfileName}`,
    );
    expect(mine.status).toBe(200);
    expect(mine.body.shares.length).toBeGreaterThanOrEqual(13);
    expect(mine.body.shares.every((s: any) => s.ownerUsername === alice.username && s.url)).toBe(true);
    const page = await alice.session.rest('GET', '/api/v1/shares?maxResults=5');
    expect(page.body.shares).toHaveLength(5);
    const next = await alice.session.rest('GET', `/api/v1/shares?maxResults=5&nextToken=${page.body.nextToken}`);
    expect(next.body.shares.map((s: any) => s.shareId)).not.toContain(page.body.shares[0].shareId);
    expect((await bob.session.rest('GET', '/api/v1/shares')).body.shares).toEqual([]);
    expect((await bob.session.rest('GET', '/api/v1/shares?all=true')).status).toBe(403);
    const all = await h.session.rest('GET', '/api/v1/shares?all=true&maxResults=100');
    expect(all.status).toBe(200);
    const hers = all.body.shares.filter((s: any) => s.ownerUsername === alice.username);
    expect(hers.length).toBeGreaterThanOrEqual(13);
    expect(hers.every((s: any) => s.url === null)).toBe(true);
    // Without a session, every share operation is refused before anything is looked up.
    const anyId = mine.body.shares[0].shareId;
    for (const [method, path] of [
      ['POST', '/api/v1/shares'],
      ['GET', '/api/v1/shares'],
      ['GET', `/api/v1/shares/${anyId}`],
      ['POST', `/api/v1/shares/${anyId}/reshare`],
      ['DELETE', `/api/v1/shares/${anyId}`],
    ]) {
      const r = await fetch(`${h.server.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-requested-with': 'test' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(r.status, `${method} ${path}`).toBe(401);
    }
    expect((await alice.session.rest('GET', `/api/v1/shares/${anyId}`)).body.share.status).toBe('Active');
  });

  it(
    'refuses notebooks of profiles the caller does not own, ' +
      'paths out of the home, and files that are not notebooks',
    async () => {
      expect(
        (
          await bob.session.rest('POST', '/api/v1/shares', {
            domainId: alice.DomainId,
            userProfileName: alice.UserProfileName,
            path: 'plot.ipynb',
          })
        ).status,
      ).toBe(403);
      expect((await create(alice, { path: '../../../' + bob.UserProfileName + '/x.ipynb' })).status).toBe(403);
      expect((await create(alice, { path: '/etc/passwd.ipynb' })).status).toBe(400);
      expect((await create(alice, { path: 'missing.ipynb' })).status).toBe(404);
      expect((await create(alice, { path: 'plot.py' })).status).toBe(400);
      writeFileSync(join(home(alice), 'broken.ipynb'), '{ not json');
      const broken = await create(alice, { path: 'broken.ipynb' });
      expect(broken.status).toBe(400);
      expect(broken.body.error.message).toContain('not valid JSON');
      writeFileSync(join(home(alice), 'old.ipynb'), JSON.stringify({ nbformat: 3, worksheets: [] }));
      expect((await create(alice, { path: 'old.ipynb' })).body.error.message).toContain('nbformat 4');
      writeFileSync(join(home(alice), 'huge.ipynb'), Buffer.alloc(21 * 1024 * 1024, 32));
      const huge = await create(alice, { path: 'huge.ipynb' });
      expect(huge.status).toBe(409);
      expect(huge.body.error.message).toContain('up to 20 MB');
      expect(
        (await create(alice, { expiresInDays: 1, expiresAt: new Date(Date.now() + 60_000).toISOString() })).status,
      ).toBe(400);
      expect((await create(alice, { expiresAt: new Date(Date.now() - 1000).toISOString() })).status).toBe(400);
      expect((await create(alice, { visibility: 'Everyone' })).status).toBe(400);
    },
  );
});

describe('snapshots and the file system', () => {
  it('never snapshots a file outside the home, even through a symbolic link swapped while it is read', async () => {
    const secret = JSON.parse(readFileSync(fixture('plot.ipynb'), 'utf8'));
    secret.cells.unshift({ cell_type: 'markdown', metadata: {}, source: '# Bob secret' });
    writeFileSync(join(home(bob), 'secret.ipynb'), JSON.stringify(secret));
    // A loop flips swap.ipynb between a notebook in alice's home and bob's, by atomic renames.
    const flipper = spawn('python3', [
      '-c',
      [
        'import os, sys, time',
        'home, target = sys.argv[1], sys.argv[2]',
        'end = time.time() + 6',
        'i = 0',
        'while time.time() < end:',
        '    i += 1',
        "    tmp = os.path.join(home, '.swap-tmp')",
        "    os.symlink(os.path.join(home, 'plot.ipynb') if i % 2 else target, tmp)",
        "    os.replace(tmp, os.path.join(home, 'swap.ipynb'))",
      ].join('\n'),
      home(alice),
      join(home(bob), 'secret.ipynb'),
    ]);
    const exited = new Promise((resolve) => flipper.on('exit', resolve));
    const titles: string[] = [];
    const statuses = new Set<number>();
    const until = Date.now() + 5_000;
    while (Date.now() < until) {
      const r = await create(alice, { path: 'swap.ipynb' });
      statuses.add(r.status);
      if (r.status === 200) titles.push(r.body.share.title);
    }
    await exited;
    expect(titles.length + statuses.size).toBeGreaterThan(1);
    expect(titles.filter((t) => t.includes('Bob secret'))).toEqual([]);
    expect([...statuses].every((s) => s === 200 || s === 403 || s === 404)).toBe(true);
  });

  it('answers at once for a FIFO named like a notebook instead of waiting on it', async () => {
    execFileSync('mkfifo', [join(home(alice), 'pipe.ipynb')]);
    const started = Date.now();
    const r = await create(alice, { path: 'pipe.ipynb' });
    expect(r.status).toBe(404);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('the viewer', () => {
  it('renders a public link for anyone, with a strict CSP and no script at all', async () => {
    const { share } = (await create(alice, { visibility: 'Public' })).body;
    const r = await get(pathOf(share.url));
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('img-src data:');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('script-src');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    expect(r.headers.get('cache-control')).toBe('no-store');
    const html = await r.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Sine waves');
    expect(html).toMatch(/<img class="t-image" alt="PNG output" src="data:image\/png;base64,iVBOR/);
    expect(html).toContain('class="dataframe"');
    expect(html).toContain('ZeroDivisionError');
    expect(html).toContain('Sign in to copy it to your Studio');
    await waitFor(async () => {
      const s = (await alice.session.rest('GET', `/api/v1/shares/${share.shareId}`)).body.share;
      return s.viewCount === 1 && s.lastViewedAt ? s : undefined;
    }, 'view counted');
  });

  it('answers the same 404 page for unknown and malformed tokens', async () => {
    for (const path of ['/share/' + 'A'.repeat(43), '/share/short', '/share/' + 'x'.repeat(300)]) {
      const r = await get(path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await r.text()).toContain('This link does not work');
    }
  });

  it('shows a domain link only to signed-in users with a profile in the domain (and admins)', async () => {
    const { share } = (await create(alice)).body;
    expect(share.visibility).toBe('Domain');
    const path = pathOf(share.url);
    const anonymous = await get(path);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
    expect((await get(path, bob.session.cookie)).status).toBe(200);
    expect((await get(path, h.session.cookie)).status).toBe(200);
    expect((await get(path, carol.session.cookie)).status).toBe(404);
    const stranger = await otherUser(h);
    expect((await get(path, stranger.session.cookie)).status).toBe(404);
  });

  it('renders the crafted notebook with nothing that could run or load', async () => {
    const { share } = (await create(alice, { path: 'work/crafted.ipynb', visibility: 'Public' })).body;
    const html = await (await get(pathOf(share.url))).text();
    const doc = new JSDOM(html).window.document;
    expect(
      doc.querySelectorAll(
        'script, iframe, frame, object, embed, form, input, base, link[rel=stylesheet], meta[http-equiv], video, audio',
      ).length,
    ).toBe(0);
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
        expect(attr.value.toLowerCase()).not.toContain('javascript:');
      }
    }
    expect(html).not.toContain('evil.example');
    expect(html).toContain('html output kept');
  });

  it(
    "renders off the server's thread within a time limit: a notebook too deep to render neither stalls " +
      'nor crashes the server',
    async () => {
      // jsdom takes seconds (growing with the square of the depth) for a few thousand nested elements.
      const cell = {
        cell_type: 'code',
        source: 'x',
        metadata: {},
        execution_count: 1,
        outputs: [{ output_type: 'display_data', metadata: {}, data: { 'text/html': '<div>'.repeat(12000) } }],
      };
      writeFileSync(
        join(home(alice), 'deep.ipynb'),
        JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell] }),
      );
      const { share } = (await create(alice, { path: 'deep.ipynb', visibility: 'Public' })).body;
      const page = get(pathOf(share.url));
      await new Promise((r) => setTimeout(r, 300));
      const started = Date.now();
      expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      const r = await page;
      expect(r.status).toBe(200);
      const html = await r.text();
      expect(html).toContain('too large or complex to show here');
      expect(html).toContain('Sign in to copy it to your Studio');
      // The renderer that was stopped is replaced for the next view.
      const plot = (await create(alice, { visibility: 'Public' })).body.share;
      expect(await (await get(pathOf(plot.url))).text()).toContain('class="dataframe"');
    },
    40_000,
  );
});

describe('revoking, expiry and re-sharing', () => {
  it('revokes a link: 404 at once, no link in the view, and only its owner (or an admin) may', async () => {
    const { share } = (await create(alice, { visibility: 'Public' })).body;
    expect((await get(pathOf(share.url))).status).toBe(200);
    expect((await bob.session.rest('DELETE', `/api/v1/shares/${share.shareId}`)).status).toBe(404);
    expect((await alice.session.rest('DELETE', `/api/v1/shares/${share.shareId}`)).status).toBe(204);
    expect((await get(pathOf(share.url))).status).toBe(404);
    const after = (await alice.session.rest('GET', `/api/v1/shares/${share.shareId}`)).body.share;
    expect(after).toMatchObject({ status: 'Revoked', url: null });
    expect(after.revokedAt).not.toBeNull();
    expect((await alice.session.rest('GET', '/api/v1/shares')).body.shares.map((s: any) => s.shareId)).not.toContain(
      share.shareId,
    );
    expect(
      (await alice.session.rest('GET', '/api/v1/shares?includeInactive=true')).body.shares.map((s: any) => s.shareId),
    ).toContain(share.shareId);
    // Revoking twice is fine; an admin may revoke anyone's link.
    expect((await alice.session.rest('DELETE', `/api/v1/shares/${share.shareId}`)).status).toBe(204);
    const other = (await create(alice, { visibility: 'Public' })).body.share;
    expect((await h.session.rest('DELETE', `/api/v1/shares/${other.shareId}`)).status).toBe(204);
    expect((await get(pathOf(other.url))).status).toBe(404);
  });

  it('expires a link at its time: 404 from then on, status Expired', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const { share } = (await create(alice, { visibility: 'Public', expiresAt })).body;
    expect(share.expiresAt).toBe(expiresAt);
    expect((await get(pathOf(share.url))).status).toBe(200);
    await new Promise((r) => setTimeout(r, Date.parse(expiresAt) - Date.now() + 50));
    expect((await get(pathOf(share.url))).status).toBe(404);
    expect((await alice.session.rest('GET', `/api/v1/shares/${share.shareId}`)).body.share.status).toBe('Expired');
    const days = (await create(alice, { expiresInDays: 7 })).body.share;
    expect(Math.abs(Date.parse(days.expiresAt) - Date.now() - 7 * 86_400_000)).toBeLessThan(60_000);
  });

  it('ends the links of a user profile when it is deleted', async () => {
    const frank = await studioUser(h);
    mkdirSync(home(frank), { recursive: true });
    copyFileSync(fixture('plot.ipynb'), join(home(frank), 'plot.ipynb'));
    const { share } = (await create(frank, { visibility: 'Public' })).body;
    expect((await get(pathOf(share.url))).status).toBe(200);
    expect(
      (await h.session.rest('DELETE', `/api/v1/domains/${frank.DomainId}/user-profiles/${frank.UserProfileName}`))
        .status,
    ).toBe(204);
    expect((await get(pathOf(share.url))).status).toBe(404);
  });

  it(
    're-shares the notebook as it is now under the same link; ' + 'rotateToken and revoked shares get a new one',
    async () => {
      const file = join(home(alice), 'evolving.ipynb');
      const nb = JSON.parse(readFileSync(fixture('plot.ipynb'), 'utf8'));
      writeFileSync(file, JSON.stringify(nb));
      const { share } = (await create(alice, { path: 'evolving.ipynb', visibility: 'Public' })).body;
      nb.cells.push({ cell_type: 'markdown', metadata: {}, source: 'Added after sharing' });
      writeFileSync(file, JSON.stringify(nb));
      expect(await (await get(pathOf(share.url))).text()).not.toContain('Added after sharing');
      expect((await bob.session.rest('POST', `/api/v1/shares/${share.shareId}/reshare`, {})).status).toBe(404);
      expect((await h.session.rest('POST', `/api/v1/shares/${share.shareId}/reshare`, {})).status).toBe(403);
      const re = await alice.session.rest('POST', `/api/v1/shares/${share.shareId}/reshare`, { expiresInDays: 3 });
      expect(re.status).toBe(200);
      expect(re.body.share.url).toBe(share.url);
      expect(re.body.share.expiresAt).not.toBeNull();
      expect(Date.parse(re.body.share.snapshotAt)).toBeGreaterThan(Date.parse(share.snapshotAt));
      expect(await (await get(pathOf(share.url))).text()).toContain('Added after sharing');
      const rotated = (
        await alice.session.rest('POST', `/api/v1/shares/${share.shareId}/reshare`, {
          rotateToken: true,
          neverExpires: true,
        })
      ).body.share;
      expect(rotated.url).not.toBe(share.url);
      expect(rotated.expiresAt).toBeNull();
      expect((await get(pathOf(share.url))).status).toBe(404);
      expect((await get(pathOf(rotated.url))).status).toBe(200);
      await alice.session.rest('DELETE', `/api/v1/shares/${share.shareId}`);
      const revived = (await alice.session.rest('POST', `/api/v1/shares/${share.shareId}/reshare`, {})).body.share;
      expect(revived.status).toBe('Active');
      expect(revived.url).not.toBe(rotated.url);
      expect((await get(pathOf(rotated.url))).status).toBe(404);
      expect((await get(pathOf(revived.url))).status).toBe(200);
    },
  );
});

describe('what the domain allows', () => {
  it(
    'never includes outputs when NotebookOutputOption is Disabled for the profile, ' +
      'and honours includeOutputs=false',
    async () => {
      const off = (await create(alice, { visibility: 'Public', includeOutputs: false })).body.share;
      expect(off.includeOutputs).toBe(false);
      const offHtml = await (await get(pathOf(off.url))).text();
      expect(offHtml).not.toContain('data:image/png');
      expect(offHtml).toContain('Outputs not included');
      const dave = await studioUser(h);
      mkdirSync(home(dave), { recursive: true });
      copyFileSync(fixture('plot.ipynb'), join(home(dave), 'plot.ipynb'));
      const upd = await h.session.rest(
        'PATCH',
        `/api/v1/domains/${dave.DomainId}/user-profiles/${dave.UserProfileName}`,
        { UserSettings: { SharingSettings: { NotebookOutputOption: 'Disabled' } } },
      );
      expect(upd.status).toBe(200);
      const forced = (await create(dave, { visibility: 'Public', includeOutputs: true })).body.share;
      expect(forced.includeOutputs).toBe(false);
      const html = await (await get(pathOf(forced.url))).text();
      expect(html).not.toContain('data:image/png');
      expect(html).not.toContain('ZeroDivisionError');
      expect(html).toContain('matplotlib');
    },
  );

  it(
    'refuses public links in a domain that does not allow them, naming the setting; ' +
      'existing ones become domain links',
    async () => {
      const erin = await studioUser(h);
      mkdirSync(home(erin), { recursive: true });
      copyFileSync(fixture('plot.ipynb'), join(home(erin), 'plot.ipynb'));
      const before = (await create(erin, { visibility: 'Public' })).body.share;
      const set = await h.session.rest('PATCH', `/api/v1/domains/${erin.DomainId}/sharing`, {
        allowPublicShares: false,
      });
      expect(set.status).toBe(200);
      const refused = await create(erin, { visibility: 'Public' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain('allowPublicShares');
      expect((await create(erin, { visibility: 'Domain' })).status).toBe(200);
      // The public link made before the change now needs a signed-in member of the domain.
      expect((await get(pathOf(before.url))).status).toBe(302);
      expect((await get(pathOf(before.url), erin.session.cookie)).status).toBe(200);
      expect((await erin.session.rest('POST', `/api/v1/shares/${before.shareId}/reshare`, {})).status).toBe(400);
    },
  );
});

describe("copying a shared notebook into one's own Studio", () => {
  const copy = (
    path: string,
    cookie: string,
    profile: string,
    origin: string | null = h.server.url,
    extra: Record<string, string> = {},
  ) =>
    fetch(`${h.server.url}${path}/copy`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}), ...extra },
      body: new URLSearchParams({ profile }),
    });

  it("writes the snapshot beside the viewer's files without overwriting, and opens it in Studio", async () => {
    const { share } = (await create(alice)).body;
    const path = pathOf(share.url);
    const page = await (await get(path, bob.session.cookie)).text();
    expect(page).toContain(`action="${path}/copy"`);
    const target = `${bob.DomainId}/${bob.UserProfileName}`;
    const first = await copy(path, bob.session.cookie, target);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(
      `/studio/lab/tree/plot.ipynb?domain=${bob.DomainId}&profile=${bob.UserProfileName}`,
    );
    const copied = JSON.parse(readFileSync(join(home(bob), 'plot.ipynb'), 'utf8'));
    expect(copied.nbformat).toBe(4);
    expect([copied.cells[0].source].flat().join('')).toContain('# Sine waves');
    const second = await copy(path, bob.session.cookie, target);
    expect(second.headers.get('location')).toContain('/studio/lab/tree/plot-1.ipynb?');
    expect(existsSync(join(home(bob), 'plot-1.ipynb'))).toBe(true);
  });

  it("refuses cross-origin posts, other people's profiles and viewers who may not see the link", async () => {
    const { share } = (await create(alice)).body;
    const path = pathOf(share.url);
    const target = `${bob.DomainId}/${bob.UserProfileName}`;
    expect((await copy(path, bob.session.cookie, target, null)).status).toBe(403);
    expect((await copy(path, bob.session.cookie, target, 'https://evil.example')).status).toBe(403);
    // The viewer's no-referrer policy makes browsers send Origin: null; Sec-Fetch-Site decides.
    expect((await copy(path, bob.session.cookie, target, 'null', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await copy(path, bob.session.cookie, target, 'null')).status).toBe(403);
    expect((await copy(path, bob.session.cookie, target, 'null', { 'sec-fetch-site': 'same-origin' })).status).toBe(
      303,
    );
    expect((await copy(path, bob.session.cookie, `${alice.DomainId}/${alice.UserProfileName}`)).status).toBe(400);
    expect((await copy(path, carol.session.cookie, `${carol.DomainId}/${carol.UserProfileName}`)).status).toBe(404);
    expect(existsSync(join(home(carol), 'plot.ipynb'))).toBe(false);
  });
});
