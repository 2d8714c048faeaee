// The console's user, group and access-key routes through real REST sessions and the SageMaker
// SDK: who may call them, what disabling does to sessions and keys, and the guards around admins.
import { ListDomainsCommand } from '@aws-sdk/client-sagemaker';
import { sageMakerClient, signIn } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { consoleRouteSamples } from './console-fixture.ts';
import { otherUser, uniqueName, useHarness } from './harness.ts';

const h = useHarness();

describe('console routes: authorisation', () => {
  it('answers 401 to anonymous callers and 403 to signed-in non-admins on every console route', async () => {
    const user = await otherUser(h);
    const samples = consoleRouteSamples();
    expect(samples.length).toBeGreaterThanOrEqual(17);
    for (const s of samples) {
      const anon = await fetch(`${h.server.url}${s.path}`, {
        method: s.method,
        headers: { 'content-type': 'application/json' },
        body: s.method === 'GET' ? undefined : JSON.stringify(s.body ?? {}),
      });
      expect(anon.status, `${s.name} anonymous`).toBe(401);
      const denied = await user.session.rest(s.method, s.path, s.method === 'GET' ? undefined : (s.body ?? {}));
      expect(denied.status, `${s.name} as a non-admin`).toBe(403);
      expect(denied.body.error.code).toBe('AccessDeniedException');
    }
  });
});

describe('users', () => {
  it('updates display name and email, and makes a user an administrator and back', async () => {
    const u = await otherUser(h);
    const r = await h.session.rest('PATCH', `/api/v1/users/${u.username}`, {
      displayName: 'Ada Lovelace',
      email: 'ada@example.com',
    });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({
      username: u.username,
      displayName: 'Ada Lovelace',
      email: 'ada@example.com',
      isAdmin: false,
      disabled: false,
    });
    expect((await h.session.rest('PATCH', `/api/v1/users/${u.username}`, { isAdmin: true })).body.user.isAdmin).toBe(
      true,
    );
    // The new role counts at once, on the user's existing session.
    expect((await u.session.rest('GET', '/api/v1/groups')).status).toBe(200);
    expect((await h.session.rest('PATCH', `/api/v1/users/${u.username}`, { isAdmin: false })).body.user.isAdmin).toBe(
      false,
    );
    expect((await u.session.rest('GET', '/api/v1/groups')).status).toBe(403);
    expect((await h.session.rest('PATCH', `/api/v1/users/${u.username}`, {})).status).toBe(400);
    expect((await h.session.rest('PATCH', '/api/v1/users/no-such-user', { displayName: 'x' })).status).toBe(404);
  });

  it('disabling ends the sessions and stops the access keys at once; enabling lets keys work again', async () => {
    const u = await otherUser(h);
    expect((await u.sagemaker.send(new ListDomainsCommand({}))).Domains).toBeDefined();
    const r = await h.session.rest('PATCH', `/api/v1/users/${u.username}`, { disabled: true });
    expect(r.body.user.disabled).toBe(true);
    expect((await u.session.rest('GET', '/api/v1/me')).status).toBe(401);
    const refused = await u.sagemaker.send(new ListDomainsCommand({})).catch((e) => e);
    expect(refused.name).toMatch(/UnrecognizedClientException|InvalidClientTokenId|AccessDenied/);
    await expect(signIn(h.server.url, u.username, u.password)).rejects.toThrow(/401/);

    await h.session.rest('PATCH', `/api/v1/users/${u.username}`, { disabled: false });
    expect((await u.sagemaker.send(new ListDomainsCommand({}))).Domains).toBeDefined();
    expect((await (await signIn(h.server.url, u.username, u.password)).rest('GET', '/api/v1/me')).status).toBe(200);
  });

  it('refuses an admin disabling, demoting or deleting themselves, and demoting the last active admin', async () => {
    for (const body of [{ disabled: true }, { isAdmin: false }]) {
      const r = await h.session.rest('PATCH', '/api/v1/users/admin', body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/yourself|your own/);
    }
    const del = await h.session.rest('DELETE', '/api/v1/users/admin');
    expect(del.status).toBe(400);
    // A second admin may not demote the bootstrap admin while it is the only other active one...
    const second = await otherUser(h);
    await h.session.rest('PATCH', `/api/v1/users/${second.username}`, { isAdmin: true });
    expect((await second.session.rest('PATCH', '/api/v1/users/admin', { isAdmin: false })).status).toBe(200);
    // ...and now `second` is the last active admin: the bootstrap admin's session is no longer an admin's.
    expect((await h.session.rest('PATCH', `/api/v1/users/${second.username}`, { isAdmin: false })).status).toBe(403);
    const last = await second.session.rest('PATCH', `/api/v1/users/${second.username}`, { isAdmin: false });
    expect(last.status).toBe(400);
    expect((await second.session.rest('PATCH', '/api/v1/users/admin', { isAdmin: true })).status).toBe(200);
  });

  it('deletes a user: their sessions and keys end and they are no longer listed', async () => {
    const u = await otherUser(h);
    expect((await h.session.rest('DELETE', `/api/v1/users/${u.username}`)).status).toBe(204);
    expect((await u.session.rest('GET', '/api/v1/me')).status).toBe(401);
    expect((await u.sagemaker.send(new ListDomainsCommand({})).catch((e) => e)).name).toMatch(
      /UnrecognizedClientException|InvalidClientTokenId/,
    );
    expect(
      (await h.session.rest('GET', '/api/v1/users')).body.users.map((x: { username: string }) => x.username),
    ).not.toContain(u.username);
    expect((await h.session.rest('DELETE', `/api/v1/users/${u.username}`)).status).toBe(404);
  });
});

describe("a user's access keys", () => {
  it(
    'issues a key whose secret is shown once and works with the SDK, ' + 'lists it without the secret, and revokes it',
    async () => {
      const u = await otherUser(h);
      const created = await h.session.rest('POST', `/api/v1/users/${u.username}/access-keys`);
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        accessKeyId: expect.stringMatching(/^TKIA/),
        secretAccessKey: expect.any(String),
        status: 'Active',
      });
      const client = sageMakerClient(h.server.url, {
        accessKeyId: created.body.accessKeyId,
        secretAccessKey: created.body.secretAccessKey,
      });
      expect((await client.send(new ListDomainsCommand({}))).Domains).toBeDefined();

      const listed = await h.session.rest('GET', `/api/v1/users/${u.username}/access-keys`);
      expect(listed.body.accessKeys.map((k: { accessKeyId: string }) => k.accessKeyId)).toContain(
        created.body.accessKeyId,
      );
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secretAccessKey);
      // The user sees the key the admin issued among their own.
      expect(
        (await u.session.rest('GET', '/api/v1/me/access-keys')).body.accessKeys.map(
          (k: { accessKeyId: string }) => k.accessKeyId,
        ),
      ).toContain(created.body.accessKeyId);

      expect(
        (await h.session.rest('DELETE', `/api/v1/users/${u.username}/access-keys/${created.body.accessKeyId}`)).status,
      ).toBe(204);
      expect((await client.send(new ListDomainsCommand({})).catch((e) => e)).name).toMatch(
        /UnrecognizedClientException|InvalidClientTokenId/,
      );
      expect(
        (await h.session.rest('DELETE', `/api/v1/users/${u.username}/access-keys/${created.body.accessKeyId}`)).status,
      ).toBe(404);
      // Another user's key id under this user's name is not found, not revoked.
      const other = await otherUser(h);
      expect(
        (await h.session.rest('DELETE', `/api/v1/users/${u.username}/access-keys/${other.credentials.accessKeyId}`))
          .status,
      ).toBe(404);
      expect((await other.sagemaker.send(new ListDomainsCommand({}))).Domains).toBeDefined();
    },
  );
});

describe('groups', () => {
  it('creates a group, adds and removes members, refuses duplicates and unknown names, and deletes it', async () => {
    const a = await otherUser(h);
    const b = await otherUser(h);
    const name = uniqueName('grp');
    const created = await h.session.rest('POST', '/api/v1/groups', { name });
    expect(created.status).toBe(200);
    expect(created.body.group).toMatchObject({ name, members: [] });
    expect((await h.session.rest('POST', '/api/v1/groups', { name })).status).toBe(409);
    expect((await h.session.rest('POST', '/api/v1/groups', { name: '-bad name' })).status).toBe(400);

    await h.session.rest('POST', `/api/v1/groups/${name}/members`, { username: b.username });
    const added = await h.session.rest('POST', `/api/v1/groups/${name}/members`, { username: a.username });
    expect(added.body.group.members).toEqual([a.username, b.username].sort());
    // Adding twice is harmless.
    expect(
      (await h.session.rest('POST', `/api/v1/groups/${name}/members`, { username: a.username })).body.group.members,
    ).toHaveLength(2);
    expect((await h.session.rest('POST', `/api/v1/groups/${name}/members`, { username: 'no-such-user' })).status).toBe(
      404,
    );
    expect(
      (await h.session.rest('POST', '/api/v1/groups/no-such-group/members', { username: a.username })).status,
    ).toBe(404);

    const listed = await h.session.rest('GET', '/api/v1/groups');
    expect(listed.body.groups.find((g: { name: string }) => g.name === name).members).toEqual(
      [a.username, b.username].sort(),
    );

    expect((await h.session.rest('DELETE', `/api/v1/groups/${name}/members/${a.username}`)).status).toBe(204);
    expect((await h.session.rest('DELETE', `/api/v1/groups/${name}/members/${a.username}`)).status).toBe(404);
    expect((await h.session.rest('DELETE', `/api/v1/groups/${name}`)).status).toBe(204);
    expect(
      (await h.session.rest('GET', '/api/v1/groups')).body.groups.map((g: { name: string }) => g.name),
    ).not.toContain(name);
    expect((await h.session.rest('DELETE', `/api/v1/groups/${name}`)).status).toBe(404);
  });
});
