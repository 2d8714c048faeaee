// The Git panel on the docker backend runs git inside the user's own Studio container: what a
// repository holds (links into another profile's home, commands in its config) can reach
// nothing of the host or of other users.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, appendFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { createDomain, homeDirOf, useHarness } from './harness.ts';
import { studioUser } from './studio-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

async function openStudio(u: Awaited<ReturnType<typeof studioUser>>) {
  await waitFor(
    async () => {
      const r = await u.session.rest('POST', '/api/v1/studio/open', {
        DomainId: u.DomainId,
        UserProfileName: u.UserProfileName,
      });
      if (r.body.App?.Status === 'Failed') throw new Error(r.body.App.FailureReason);
      return r.body.App?.Status === 'InService' ? r.body : undefined;
    },
    'Studio open',
    90_000,
    250,
  );
}

describe('Git in the Studio container', { timeout: 180_000 }, () => {
  it(
    'commits as the user in their container, ' + 'and nothing in a repository reaches another home or the host',
    async () => {
      const domainId = await createDomain(h.sagemaker);
      const [alice, bob] = [await studioUser(h, domainId), await studioUser(h, domainId)];
      const homes = new Map([
        [alice, await homeDirOf(h, alice.DomainId, alice.UserProfileName)],
        [bob, await homeDirOf(h, bob.DomainId, bob.UserProfileName)],
      ]);
      const homeOf = (u: typeof alice) => homes.get(u)!;
      const git = (u: typeof alice, method: string, route: string, body?: unknown) =>
        u.session.rest(
          method,
          `/api/v1/studio/git/${route}${route.includes('?') ? '&' : '?'}domain=${u.DomainId}&profile=` +
            `${u.UserProfileName}`,
          body,
        );

      // Without a running Studio there is no git to run (and never the host's).
      const closed = await git(alice, 'GET', 'repositories');
      expect(closed.status).toBe(400);
      expect(closed.body.error.message).toMatch(/open Studio first/);

      await openStudio(alice);
      await openStudio(bob);
      // Bob commits a secret.
      expect((await git(bob, 'POST', 'init', { repo: 'private' })).status).toBe(200);
      writeFileSync(join(homeOf(bob), 'private', 'secret.txt'), 'bob secret\n');
      const bobCommit = await git(bob, 'POST', 'commit', { repo: 'private', message: 'bob secret' });
      expect(bobCommit.status).toBe(200);

      // Alice commits in her container.
      expect((await git(alice, 'POST', 'init', { repo: 'mine' })).status).toBe(200);
      writeFileSync(join(homeOf(alice), 'mine', 'a.txt'), 'a\n');
      const mine = await git(alice, 'POST', 'commit', { repo: 'mine', message: 'first' });
      expect(mine.status).toBe(200);
      expect((await git(alice, 'GET', 'diff?repo=mine')).body.diff).toBe('');

      // A repository whose .git links into Bob's home by its host path shows nothing of Bob's.
      const peek = join(homeOf(alice), 'mine', '.git');
      for (const part of ['objects', 'refs']) {
        rmSync(join(peek, part), { recursive: true, force: true });
        symlinkSync(join(homeOf(bob), 'private', '.git', part), join(peek, part));
      }
      const peeked = await git(alice, 'GET', 'status?repo=mine');
      expect(JSON.stringify(peeked.body)).not.toContain(bobCommit.body.commit);
      const diff = await git(alice, 'GET', 'diff?repo=mine');
      expect(JSON.stringify(diff.body)).not.toContain('bob secret');

      // Commands a repository configures run, if at all, in the user's container, never here.
      const marker = join(mkdtempSync(join(tmpdir(), 'tessera-marker-')), 'ran');
      expect((await git(alice, 'POST', 'init', { repo: 'evil' })).status).toBe(200);
      appendFileSync(join(homeOf(alice), 'evil', '.git', 'config'), `[filter "x"]\n\tclean = touch ${marker}\n`);
      writeFileSync(join(homeOf(alice), 'evil', '.gitattributes'), '* filter=x\n');
      writeFileSync(join(homeOf(alice), 'evil', 'b.txt'), 'b\n');
      await git(alice, 'GET', 'status?repo=evil');
      await git(alice, 'POST', 'commit', { repo: 'evil', message: 'x' });
      expect(existsSync(marker)).toBe(false);
      // The container has no such directory, and the host's stays empty.
      expect(execFileSync('ls', ['-A', join(marker, '..')], { encoding: 'utf8' })).toBe('');
    },
  );
});
