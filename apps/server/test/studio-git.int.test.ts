// Studio's Git routes against the real server: a user's repositories in their profile's home,
// status, diff, commit and init, and every way out of the home refused. On the process runtime,
// where exec runs git on the host beside the user's Jupyter server, hardened because nothing
// keeps it from the host (studio-git-docker.int.test.ts has it in the user's container).
import { existsSync, mkdirSync, symlinkSync, writeFileSync, mkdtempSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeUserProfileCommand } from '@aws-sdk/client-sagemaker';
import { waitFor, type Session } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDomain, homeDirOf, otherUser, useHarness } from './harness.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });
let alice: Session;
let bob: Session;
let home: string;
let scope: string;

beforeAll(async () => {
  const a = await otherUser(h);
  const b = await otherUser(h);
  alice = a.session;
  bob = b.session;
  const domainId = await createDomain(h.sagemaker);
  const created = await h.session.rest('POST', `/api/v1/domains/${domainId}/user-profiles`, {
    UserProfileName: 'alice',
    OwnerUsername: a.username,
  });
  expect(created.status).toBe(200);
  await waitFor(async () => {
    const p = await h.sagemaker.send(new DescribeUserProfileCommand({ DomainId: domainId, UserProfileName: 'alice' }));
    return p.Status === 'InService' ? p : undefined;
  }, 'profile InService');
  home = await homeDirOf(h, domainId, 'alice');
  expect(existsSync(home)).toBe(true);
  scope = `domain=${domainId}&profile=alice`;
  // Git runs through the runtime's exec into the profile's Studio, as the Git panel (which lives
  // in Studio) always finds it running.
  await waitFor(
    async () => {
      const r = await alice.rest('POST', '/api/v1/studio/open', { DomainId: domainId, UserProfileName: 'alice' });
      if (r.body.App?.Status === 'Failed') throw new Error(r.body.App.FailureReason);
      return r.body.App?.Status === 'InService' ? true : undefined;
    },
    'Studio open',
    90_000,
    250,
  );
});

const git = (s: Session, method: string, route: string, body?: unknown) =>
  s.rest(method, `/api/v1/studio/git/${route}${route.includes('?') ? '&' : '?'}${scope}`, body);

describe('Studio Git routes', () => {
  it('initialises a repository, shows status and diff, and commits', async () => {
    const init = await git(alice, 'POST', 'init', { repo: 'project' });
    expect(init.status).toBe(200);
    expect(init.body).toEqual({ repo: 'project', branch: 'main' });
    writeFileSync(join(home, 'project', 'hello.py'), 'print("hello")\n');
    mkdirSync(join(home, 'project', 'data dir'));
    writeFileSync(join(home, 'project', 'data dir', 'notes.txt'), 'first\n');

    const repos = await git(alice, 'GET', 'repositories');
    expect(repos.status).toBe(200);
    expect(repos.body.repositories).toContainEqual({ repo: 'project', branch: 'main', head: null, changes: 3 });

    const status = await git(alice, 'GET', 'status?repo=project');
    expect(status.body).toMatchObject({ repo: 'project', branch: 'main', head: null, clean: false });
    expect(status.body.files).toEqual([
      { path: '.gitignore', code: '??', status: 'untracked', staged: false },
      { path: 'data dir/notes.txt', code: '??', status: 'untracked', staged: false },
      { path: 'hello.py', code: '??', status: 'untracked', staged: false },
    ]);

    const diff = await git(alice, 'GET', 'diff?repo=project&path=hello.py');
    expect(diff.status).toBe(200);
    expect(diff.body.diff).toContain('+print("hello")');
    expect(diff.body.diff).not.toContain('notes.txt');

    const first = await git(alice, 'POST', 'commit', { repo: 'project', message: 'Add hello', paths: ['hello.py'] });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ repo: 'project', branch: 'main', summary: 'Add hello' });
    expect(first.body.commit).toMatch(/^[0-9a-f]{12}$/);
    const after = await git(alice, 'GET', 'status?repo=project');
    expect(after.body.files.map((f: any) => f.path)).toEqual(['.gitignore', 'data dir/notes.txt']);

    appendFileSync(join(home, 'project', 'hello.py'), 'print("again")\n');
    const changed = await git(alice, 'GET', 'diff?repo=project');
    expect(changed.body.diff).toContain('+print("again")');
    expect(changed.body.diff).toContain('+first');
    const all = await git(alice, 'POST', 'commit', { repo: 'project', message: 'Everything else' });
    expect(all.status).toBe(200);
    expect((await git(alice, 'GET', 'status?repo=project')).body).toMatchObject({ clean: true, files: [] });
    const nothing = await git(alice, 'POST', 'commit', { repo: 'project', message: 'Again' });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.message).toMatch(/Nothing to commit/);
  });

  it('finds the home itself and nested repositories', async () => {
    expect((await git(alice, 'POST', 'init', { repo: 'work/nested' })).status).toBe(200);
    const repos = (await git(alice, 'GET', 'repositories')).body.repositories.map((r: any) => r.repo);
    expect(repos).toEqual(expect.arrayContaining(['project', 'work/nested']));
    expect((await git(alice, 'POST', 'init', { repo: 'project' })).status).toBe(409);
  });

  it('refuses repositories and paths outside the home', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'tessera-outside-'));
    expect((await git(alice, 'GET', 'status?repo=..')).status).toBe(403);
    expect((await git(alice, 'GET', 'status?repo=../../../..')).status).toBe(403);
    expect((await git(alice, 'GET', 'status?repo=%2Fetc')).status).toBe(400);
    // A link planted in the home that points elsewhere.
    const { execFileSync } = await import('node:child_process');
    execFileSync('git', ['init', '-q', outside]);
    symlinkSync(outside, join(home, 'escape'));
    expect((await git(alice, 'GET', 'status?repo=escape')).status).toBe(403);
    expect((await git(alice, 'POST', 'init', { repo: 'escape/inner' })).status).toBe(403);
    expect(existsSync(join(outside, 'inner'))).toBe(false);
    symlinkSync('/etc/hostname', join(home, 'project', 'leak'));
    expect((await git(alice, 'GET', 'diff?repo=project&path=leak')).status).toBe(403);
    expect((await git(alice, 'GET', 'diff?repo=project&path=../../x')).status).toBe(403);
    expect((await git(alice, 'GET', 'diff?repo=project&path=.git/config')).status).toBe(403);
    expect(
      (await git(alice, 'POST', 'commit', { repo: 'project', message: 'm', paths: ['../outside.txt'] })).status,
    ).toBe(403);
    expect((await git(alice, 'GET', 'status?repo=work')).status).toBe(404);
    expect((await git(alice, 'GET', 'status?repo=missing')).status).toBe(404);
  });

  it('never runs commands a repository configures', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'tessera-marker-')), 'ran');
    expect((await git(alice, 'POST', 'init', { repo: 'evil' })).status).toBe(200);
    appendFileSync(
      join(home, 'evil', '.git', 'config'),
      `[filter "x"]\n\tclean = touch ${marker}\n[core]\n\tfsmonitor = touch ${marker}\n`,
    );
    writeFileSync(join(home, 'evil', '.gitattributes'), '* filter=x\n');
    writeFileSync(join(home, 'evil', 'a.txt'), 'a\n');
    const status = await git(alice, 'GET', 'status?repo=evil');
    expect(status.status).toBe(400);
    expect(status.body.error.message).toMatch(/names commands/);
    expect((await git(alice, 'POST', 'commit', { repo: 'evil', message: 'x' })).status).toBe(400);
    expect(existsSync(marker)).toBe(false);
  });

  it('is only for the profile owner (or an admin), with a session, JSON and valid input', async () => {
    const denied = await git(bob, 'GET', 'repositories');
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('AccessDeniedException');
    expect((await git(bob, 'POST', 'commit', { repo: 'project', message: 'x' })).status).toBe(403);
    expect((await git(h.session, 'GET', 'status?repo=project')).status).toBe(200);
    expect((await fetch(`${h.server.url}/api/v1/studio/git/repositories?${scope}`)).status).toBe(401);
    const form = await fetch(`${h.server.url}/api/v1/studio/git/commit?${scope}`, {
      method: 'POST',
      headers: { cookie: alice.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'repo=project&message=x',
    });
    expect(form.status).toBe(400);
    const empty = await git(alice, 'POST', 'commit', { repo: 'project', message: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('ValidationException');
    expect((await git(alice, 'POST', 'commit', { repo: 'project', message: 'x', extra: 1 })).status).toBe(400);
    expect((await alice.rest('GET', '/api/v1/studio/git/repositories')).status).toBe(400);
  });

  it('reads the last checkpoint of a notebook for the checkpoint diff', async () => {
    mkdirSync(join(home, 'nb', '.ipynb_checkpoints'), { recursive: true });
    writeFileSync(
      join(home, 'nb', '.ipynb_checkpoints', 'a b-checkpoint.ipynb'),
      JSON.stringify({ cells: [{ cell_type: 'code', source: '1+1' }], nbformat: 4 }),
    );
    const r = await alice.rest('GET', `/api/v1/studio/checkpoint?${scope}&path=${encodeURIComponent('nb/a b.ipynb')}`);
    expect(r.status).toBe(200);
    expect(r.body.checkpoint.content.cells[0].source).toBe('1+1');
    expect((await alice.rest('GET', `/api/v1/studio/checkpoint?${scope}&path=nb/none.ipynb`)).body).toEqual({
      path: 'nb/none.ipynb',
      checkpoint: null,
    });
    expect((await alice.rest('GET', `/api/v1/studio/checkpoint?${scope}&path=../../x.ipynb`)).status).toBe(403);
    expect((await bob.rest('GET', `/api/v1/studio/checkpoint?${scope}&path=nb/a%20b.ipynb`)).status).toBe(403);
  });
});
