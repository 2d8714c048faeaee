// The console's domain routes on the process backend: quick start (and its all-or-nothing
// checks), profile owners, what blocks a domain's deletion, sharing settings, activity with a
// real running app and stopping it, and the /console page itself.
import { DescribeDomainCommand, DescribeUserProfileCommand } from '@aws-sdk/client-sagemaker';
import { signIn, waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { createDomain, otherUser, uniqueName, useHarness } from './harness.ts';
import { studioUser } from './studio-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });

const profileInService = (DomainId: string, UserProfileName: string) =>
  waitFor(async () => {
    const p = await h.sagemaker.send(new DescribeUserProfileCommand({ DomainId, UserProfileName }));
    return p.Status === 'InService' ? p : undefined;
  }, `profile ${UserProfileName} InService`);

describe('quick start', () => {
  it(
    'creates a domain with defaults, ' + 'users with one-time invitation links and a profile each owned by its user',
    async () => {
      const domainName = uniqueName('qs');
      const alice = uniqueName('alice');
      const existing = await otherUser(h);
      const r = await h.session.rest('POST', '/api/v1/console/quick-start', {
        domainName,
        authMode: 'IAM',
        defaultInstanceType: 'ml.t3.large',
        allowPublicShares: false,
        notebookOutputs: false,
        users: [
          { username: alice, email: 'alice@example.com', profileName: 'alice' },
          { username: existing.username, createUser: false },
        ],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({
        domainName,
        users: [
          { username: alice, userProfileName: 'alice', created: true },
          { username: existing.username, created: false },
        ],
      });
      expect(r.body.users[0].inviteUrl).toMatch(new RegExp(`^${h.server.url}/invite/[A-Za-z0-9_-]{43}$`));
      expect(r.body.users[1].inviteUrl).toBeUndefined();
      const { domainId } = r.body;

      const d = await waitFor(async () => {
        const x = await h.sagemaker.send(new DescribeDomainCommand({ DomainId: domainId }));
        return x.Status === 'InService' ? x : undefined;
      }, 'quick-start domain InService');
      expect(d.DefaultUserSettings).toMatchObject({
        JupyterServerAppSettings: { DefaultResourceSpec: { InstanceType: 'system' } },
        KernelGatewayAppSettings: {
          DefaultResourceSpec: {
            InstanceType: 'ml.t3.large',
            SageMakerImageArn: expect.stringMatching(/:image\/datascience$/),
          },
        },
        SharingSettings: { NotebookOutputOption: 'Disabled' },
      });
      expect((await h.session.rest('GET', `/api/v1/domains/${domainId}/sharing`)).body).toEqual({
        domainId,
        allowPublicShares: false,
        notebookOutputOption: 'Disabled',
      });
      await profileInService(domainId, 'alice');
      const blockers = await h.session.rest('GET', `/api/v1/domains/${domainId}/blockers`);
      expect(
        blockers.body.userProfiles
          .map((p: { userProfileName: string; ownerUsername: string }) => [p.userProfileName, p.ownerUsername])
          .sort(),
      ).toEqual(
        [
          ['alice', alice],
          [existing.username.replace(/[^a-zA-Z0-9-]/g, '-'), existing.username],
        ].sort(),
      );
      const users = (await h.session.rest('GET', '/api/v1/users')).body.users;
      expect(users.find((u: { username: string }) => u.username === alice)).toMatchObject({
        email: 'alice@example.com',
        isAdmin: false,
        disabled: false,
      });
      // The existing user now sees the new domain, through their own session.
      expect((await existing.session.rest('GET', `/api/v1/domains/${domainId}`)).status).toBe(200);
    },
  );

  it('creates an SSO domain whose profiles carry the SSO user name', async () => {
    const bob = uniqueName('bob');
    const r = await h.session.rest('POST', '/api/v1/console/quick-start', {
      domainName: uniqueName('sso'),
      authMode: 'SSO',
      users: [{ username: bob }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const p = await profileInService(r.body.domainId, bob);
    expect(p).toMatchObject({ SingleSignOnUserIdentifier: 'UserName', SingleSignOnUserValue: bob });
  });

  it('changes nothing and names every clash when a name is taken or listed twice', async () => {
    const taken = await otherUser(h);
    const domainName = uniqueName('clash');
    await createDomain(h.sagemaker, domainName);
    const fresh = uniqueName('fresh');
    const before = (await h.session.rest('GET', '/api/v1/domains')).body.Domains.length;
    const r = await h.session.rest('POST', '/api/v1/console/quick-start', {
      domainName,
      authMode: 'IAM',
      users: [
        { username: fresh },
        { username: taken.username },
        { username: fresh },
        { username: 'ghost-user', createUser: false },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('ValidationException');
    expect(r.body.error.message).toContain(`a domain named ${domainName} already exists`);
    expect(r.body.error.message).toContain(`user ${taken.username} already exists`);
    expect(r.body.error.message).toContain(`user ${fresh} is listed twice`);
    expect(r.body.error.message).toContain('user ghost-user does not exist');
    expect((await h.session.rest('GET', '/api/v1/domains')).body.Domains.length).toBe(before);
    expect(
      (await h.session.rest('GET', '/api/v1/users')).body.users.map((u: { username: string }) => u.username),
    ).not.toContain(fresh);

    const badType = await h.session.rest('POST', '/api/v1/console/quick-start', {
      domainName: uniqueName('t'),
      authMode: 'IAM',
      defaultInstanceType: 'ml.zz9.huge',
      users: [],
    });
    expect(badType.status).toBe(400);
    expect(badType.body.error.message).toContain('no kernel instance type ml.zz9.huge');
  });
});

describe('domains', () => {
  it(
    'maps a user profile to a user and back to nobody; ' +
      'the user sees the domain only while they own a profile in it',
    async () => {
      const DomainId = await createDomain(h.sagemaker);
      const u = await otherUser(h);
      await h.session.rest('POST', `/api/v1/domains/${DomainId}/user-profiles`, { UserProfileName: 'shared-seat' });
      expect((await u.session.rest('GET', `/api/v1/domains/${DomainId}`)).status).toBe(403);
      const set = await h.session.rest('PATCH', `/api/v1/domains/${DomainId}/user-profiles/shared-seat/owner`, {
        username: u.username,
      });
      expect(set.body).toEqual({ domainId: DomainId, userProfileName: 'shared-seat', ownerUsername: u.username });
      expect((await u.session.rest('GET', `/api/v1/domains/${DomainId}`)).status).toBe(200);
      expect(
        (
          await h.session.rest('PATCH', `/api/v1/domains/${DomainId}/user-profiles/shared-seat/owner`, {
            username: null,
          })
        ).body.ownerUsername,
      ).toBeNull();
      expect((await u.session.rest('GET', `/api/v1/domains/${DomainId}`)).status).toBe(403);
      expect(
        (
          await h.session.rest('PATCH', `/api/v1/domains/${DomainId}/user-profiles/shared-seat/owner`, {
            username: 'no-such-user',
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await h.session.rest('PATCH', `/api/v1/domains/${DomainId}/user-profiles/nobody-here/owner`, {
            username: u.username,
          })
        ).status,
      ).toBe(404);
    },
  );

  it('lists what blocks deleting a domain and says it can be deleted once the profiles are gone', async () => {
    const DomainId = await createDomain(h.sagemaker);
    await h.session.rest('POST', `/api/v1/domains/${DomainId}/user-profiles`, { UserProfileName: 'blocker' });
    const b = await h.session.rest('GET', `/api/v1/domains/${DomainId}/blockers`);
    expect(b.body).toMatchObject({
      domainId: DomainId,
      canDelete: false,
      spaceApps: [],
      userProfiles: [{ userProfileName: 'blocker', ownerUsername: null, apps: [] }],
    });
    expect((await h.session.rest('DELETE', `/api/v1/domains/${DomainId}`)).status).toBe(409);
    await h.session.rest('DELETE', `/api/v1/domains/${DomainId}/user-profiles/blocker`);
    const after = await h.session.rest('GET', `/api/v1/domains/${DomainId}/blockers`);
    expect(after.body).toMatchObject({ canDelete: true, userProfiles: [] });
    expect((await h.session.rest('DELETE', `/api/v1/domains/${DomainId}`)).status).toBe(204);
    expect((await h.session.rest('GET', `/api/v1/domains/${DomainId}/blockers`)).status).toBe(404);
  });

  it("reads and sets a domain's public-link setting", async () => {
    const DomainId = await createDomain(h.sagemaker);
    expect((await h.session.rest('GET', `/api/v1/domains/${DomainId}/sharing`)).body).toEqual({
      domainId: DomainId,
      allowPublicShares: true,
      notebookOutputOption: 'Allowed',
    });
    const r = await h.session.rest('PATCH', `/api/v1/domains/${DomainId}/sharing`, { allowPublicShares: false });
    expect(r.body).toEqual({ domainId: DomainId, allowPublicShares: false, notebookOutputOption: 'Allowed' });
    expect((await h.session.rest('GET', `/api/v1/domains/${DomainId}/sharing`)).body.allowPublicShares).toBe(false);
    expect(
      (await h.session.rest('PATCH', `/api/v1/domains/${DomainId}/sharing`, { allowPublicShares: 'no' })).status,
    ).toBe(400);
    expect((await h.session.rest('GET', '/api/v1/domains/d-nothere00000/sharing')).status).toBe(404);
  });
});

describe('activity', () => {
  it(
    "shows a user's running Studio app with its owner, " + 'stops it by ARN, and refuses ARNs of nothing running',
    async () => {
      const u = await studioUser(h);
      const opened = await u.session.rest('POST', '/api/v1/studio/open', {
        DomainId: u.DomainId,
        UserProfileName: u.UserProfileName,
      });
      expect(opened.status, JSON.stringify(opened.body)).toBe(200);
      const app = await waitFor(async () => {
        const a = await h.session.rest('GET', '/api/v1/console/activity');
        return a.body.apps.find(
          (x: { userProfileName: string; appType: string }) =>
            x.userProfileName === u.UserProfileName && x.appType === 'JupyterServer',
        );
      }, 'the Studio app in the activity list');
      expect(app).toMatchObject({
        domainId: u.DomainId,
        ownerUsername: u.username,
        appName: 'default',
        instanceType: 'system',
        status: expect.stringMatching(/Pending|InService/),
      });
      const activity = (await h.session.rest('GET', '/api/v1/console/activity')).body;
      expect(activity).toMatchObject({ jobs: expect.any(Array), endpoints: expect.any(Array) });

      expect((await h.session.rest('POST', '/api/v1/console/activity/stop', { arn: app.arn })).status).toBe(204);
      await waitFor(async () => {
        const a = await h.session.rest('GET', '/api/v1/console/activity');
        return !a.body.apps.some((x: { arn: string }) => x.arn === app.arn);
      }, 'the app gone from the activity list');

      const prefix = app.arn.slice(0, app.arn.indexOf(':app/'));
      for (const arn of [
        `${prefix}:training-job/nothing`,
        `${prefix}:processing-job/nothing`,
        `${prefix}:transform-job/nothing`,
        `${prefix}:endpoint/nothing`,
        `${prefix}:app/${u.DomainId}/x/jupyterserver/none`,
      ]) {
        const r = await h.session.rest('POST', '/api/v1/console/activity/stop', { arn });
        expect(r.status, arn).toBe(404);
      }
      const bad = await h.session.rest('POST', '/api/v1/console/activity/stop', { arn: `${prefix}:model/m1` });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/not the ARN of an app/);
    },
  );
});

describe('the /console page', () => {
  it(
    'sends anonymous visitors to sign in, shows non-admins a 403 page, ' +
      'and serves admins the console and its bundle',
    async () => {
      const anon = await fetch(`${h.server.url}/console/users`, { redirect: 'manual' });
      expect(anon.status).toBe(302);
      expect(anon.headers.get('location')).toBe('/login?next=%2Fconsole%2Fusers');
      expect((await fetch(`${h.server.url}/console/static/console.js`)).status).toBe(401);

      const u = await otherUser(h);
      const denied = await fetch(`${h.server.url}/console`, { headers: { cookie: u.session.cookie } });
      expect(denied.status).toBe(403);
      expect(await denied.text()).toContain('Administrators only');
      expect(
        (await fetch(`${h.server.url}/console/static/console.js`, { headers: { cookie: u.session.cookie } })).status,
      ).toBe(403);

      const admin = await signIn(h.server.url, 'admin', h.server.adminPassword);
      const page = await fetch(`${h.server.url}/console/domains/d-x`, { headers: { cookie: admin.cookie } });
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(await page.text()).toContain('/console/static/console.js');
      const js = await fetch(`${h.server.url}/console/static/console.js`, {
        headers: { cookie: admin.cookie, 'accept-encoding': 'gzip' },
      });
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/javascript/);
      expect(js.headers.get('cache-control')).toBe('no-cache');
      expect((await js.text()).length).toBeGreaterThan(10_000);
    },
  );
});
