import {
  AddTagsCommand,
  CreateDomainCommand,
  CreateUserProfileCommand,
  DeleteDomainCommand,
  DescribeDomainCommand,
  DescribeUserProfileCommand,
  ListDomainsCommand,
  ListTagsCommand,
  ListUserProfilesCommand,
  UpdateDomainCommand,
} from '@aws-sdk/client-sagemaker';
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { useHarness, createDomain, otherUser } from './harness.ts';

const h = useHarness();

describe('users see only their own domains and profiles; changes are for administrators', () => {
  it('a user with a profile in one domain sees that domain and profile, nothing else', async () => {
    const alice = await otherUser(h);
    const bob = await otherUser(h);
    const mine = await createDomain(h.sagemaker);
    const theirs = await createDomain(h.sagemaker);
    const created = await h.session.rest('POST', `/api/v1/domains/${mine}/user-profiles`, {
      UserProfileName: 'alice',
      OwnerUsername: alice.username,
    });
    expect(created.status).toBe(200);
    await h.sagemaker.send(new CreateUserProfileCommand({ DomainId: mine, UserProfileName: 'someone-else' }));

    const listed = await alice.sagemaker.send(new ListDomainsCommand({}));
    expect(listed.Domains!.map((d) => d.DomainId)).toEqual([mine]);
    expect((await alice.sagemaker.send(new DescribeDomainCommand({ DomainId: mine }))).DomainId).toBe(mine);
    const denied = await alice.sagemaker.send(new DescribeDomainCommand({ DomainId: theirs })).catch((e) => e);
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain(alice.username);

    const profiles = await alice.sagemaker.send(new ListUserProfilesCommand({ DomainIdEquals: mine }));
    expect(profiles.UserProfiles!.map((p) => p.UserProfileName)).toEqual(['alice']);
    const other = await alice.sagemaker
      .send(new DescribeUserProfileCommand({ DomainId: mine, UserProfileName: 'someone-else' }))
      .catch((e) => e);
    expect(other.name).toBe('AccessDeniedException');

    // Bob owns nothing: he sees nothing, and a domain that does not exist looks the same to him.
    expect((await bob.sagemaker.send(new ListDomainsCommand({}))).Domains).toEqual([]);
    const ghost = await bob.sagemaker.send(new DescribeDomainCommand({ DomainId: 'd-doesnotexist' })).catch((e) => e);
    expect(ghost.name).toBe('AccessDeniedException');
    const tags = await bob.sagemaker
      .send(
        new ListTagsCommand({
          ResourceArn: (await h.sagemaker.send(new DescribeDomainCommand({ DomainId: theirs }))).DomainArn,
        }),
      )
      .catch((e) => e);
    expect(tags.name).toBe('AccessDeniedException');
  });

  it('a non-admin cannot create, update, delete or tag anything', async () => {
    const carol = await otherUser(h);
    const DomainId = await createDomain(h.sagemaker);
    const { DomainArn } = await h.sagemaker.send(new DescribeDomainCommand({ DomainId }));
    const attempts = [
      new CreateDomainCommand({ DomainName: 'nope', AuthMode: 'IAM', DefaultUserSettings: {} }),
      new UpdateDomainCommand({ DomainId }),
      new DeleteDomainCommand({ DomainId }),
      new CreateUserProfileCommand({ DomainId, UserProfileName: 'sneaky' }),
      new AddTagsCommand({ ResourceArn: DomainArn, Tags: [{ Key: 'k', Value: 'v' }] }),
    ];
    for (const cmd of attempts) {
      const err = await carol.sagemaker.send(cmd as never).catch((e) => e);
      expect(err.name, cmd.constructor.name).toBe('AccessDeniedException');
    }
    expect((await h.sagemaker.send(new DescribeDomainCommand({ DomainId }))).Status).toBe('InService');

    for (const [method, path, body] of [
      ['POST', '/api/v1/domains', { DomainName: 'nope', AuthMode: 'IAM', DefaultUserSettings: {} }],
      ['DELETE', `/api/v1/domains/${DomainId}`, undefined],
      ['POST', '/api/v1/users', { username: 'mallory', password: 'long-enough-password' }],
      ['GET', '/api/v1/users', undefined],
    ] as const) {
      const r = await carol.session.rest(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe('AccessDeniedException');
    }
  });

  it('events reach the owner and admins only, and need a session', async () => {
    const dave = await otherUser(h);
    const erin = await otherUser(h);
    const DomainId = await createDomain(h.sagemaker);
    const open = (cookie?: string) =>
      new Promise<{ ws: WebSocket; events: any[] }>((resolve, reject) => {
        const ws = new WebSocket(`${h.server.url.replace('http', 'ws')}/api/v1/events`, {
          headers: cookie ? { cookie } : {},
        });
        const events: any[] = [];
        ws.once('message', () => {
          ws.on('message', (m) => events.push(JSON.parse(String(m))));
          resolve({ ws, events });
        });
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
        ws.once('error', reject);
      });
    await expect(open()).rejects.toThrow('HTTP 401');
    // A page on another origin cannot ride the admin's cookie into the stream.
    const crossSite = new WebSocket(`${h.server.url.replace('http', 'ws')}/api/v1/events`, {
      headers: { cookie: h.session.cookie, origin: 'http://evil.example' },
    });
    const refused = await new Promise<number>((resolve) =>
      crossSite.once('unexpected-response', (_q, res) => resolve(res.statusCode!)),
    );
    expect(refused).toBe(403);
    const forDave = await open(dave.session.cookie);
    const forErin = await open(erin.session.cookie);
    await h.session.rest('POST', `/api/v1/domains/${DomainId}/user-profiles`, {
      UserProfileName: 'dave',
      OwnerUsername: dave.username,
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(forDave.events.map((e) => e.status)).toEqual(['Pending', 'InService']);
    expect(forDave.events[0].resourceArn).toMatch(/user-profile\/.*\/dave$/);
    expect(forErin.events).toEqual([]);
    forDave.ws.close();
    forErin.ws.close();
  });
});
