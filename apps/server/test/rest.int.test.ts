import { signIn } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { CreateDomainCommand } from '@aws-sdk/client-sagemaker';
import { inService, useHarness, uniqueName } from './harness.ts';

const h = useHarness();

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${h.server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('REST API for the UI (/api/v1)', () => {
  it('signs in with a hardened session cookie, tells who is signed in, and signs out', async () => {
    const res = await post('/api/v1/auth/login', { username: 'admin', password: h.server.adminPassword });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^tessera_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    const body = await res.json();
    expect(body.user).toMatchObject({ username: 'admin', isAdmin: true });
    expect(JSON.stringify(body)).not.toMatch(/password/i);

    const session = await signIn(h.server.url, 'admin', h.server.adminPassword);
    expect((await session.rest('GET', '/api/v1/me')).body.user.username).toBe('admin');
    expect((await session.rest('POST', '/api/v1/auth/logout')).status).toBe(204);
    const after = await session.rest('GET', '/api/v1/me');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('Unauthenticated');
  });

  it('changes a password: the old one stops working, other sessions end, this one stays', async () => {
    const username = uniqueName('changer');
    await h.session.rest('POST', '/api/v1/users', { username, password: 'first-password-123' });
    const here = await signIn(h.server.url, username, 'first-password-123');
    const elsewhere = await signIn(h.server.url, username, 'first-password-123');
    const wrong = await here.rest('POST', '/api/v1/me/password', {
      currentPassword: 'not-it',
      newPassword: 'second-password-123',
    });
    expect(wrong.status).toBe(400);
    const short = await here.rest('POST', '/api/v1/me/password', {
      currentPassword: 'first-password-123',
      newPassword: 'short',
    });
    expect(short.body.error.message).toMatch(
      /'newPassword' failed to satisfy constraint: Member must have length greater than or equal to 12/,
    );
    expect(
      (
        await here.rest('POST', '/api/v1/me/password', {
          currentPassword: 'first-password-123',
          newPassword: 'second-password-123',
        })
      ).status,
    ).toBe(204);
    expect((await here.rest('GET', '/api/v1/me')).status).toBe(200);
    expect((await elsewhere.rest('GET', '/api/v1/me')).status).toBe(401);
    expect((await post('/api/v1/auth/login', { username, password: 'first-password-123' })).status).toBe(401);
    expect((await post('/api/v1/auth/login', { username, password: 'second-password-123' })).status).toBe(200);
  });

  it('refuses wrong passwords with 401 and throttles repeated failures with 429', async () => {
    const username = uniqueName('victim');
    await h.session.rest('POST', '/api/v1/users', { username, password: 'the-right-password' });
    for (let i = 0; i < 10; i++) {
      const r = await post('/api/v1/auth/login', { username, password: `guess-${i}` });
      expect(r.status).toBe(401);
    }
    const throttled = await post('/api/v1/auth/login', { username, password: 'the-right-password' });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers a race for one username with one user and one 409, never a 500', async () => {
    const username = uniqueName('twin');
    const results = await Promise.all(
      [0, 1, 2].map(() => h.session.rest('POST', '/api/v1/users', { username, password: 'a-long-enough-password' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  });

  it('needs a session for everything but sign-in', async () => {
    for (const path of ['/api/v1/me', '/api/v1/domains', '/api/v1/me/access-keys']) {
      const r = await fetch(`${h.server.url}${path}`);
      expect(r.status, path).toBe(401);
    }
    const metrics = await fetch(`${h.server.url}/metrics`);
    expect(metrics.status).toBe(401);
  });

  it('refuses unsafe requests without a JSON content type or X-Requested-With (CSRF)', async () => {
    const r = await fetch(`${h.server.url}/api/v1/me/access-keys`, {
      method: 'POST',
      headers: { cookie: h.session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=b',
    });
    expect(r.status).toBe(400);
    expect((await h.session.rest('GET', '/api/v1/me/access-keys')).body.accessKeys).toHaveLength(1);
  });

  it('issues access keys whose secret is shown once, lists and revokes them', async () => {
    const created = await h.session.rest('POST', '/api/v1/me/access-keys');
    expect(created.body.accessKeyId).toMatch(/^TKIA[A-Z2-7]{16}$/);
    expect(created.body.secretAccessKey).toMatch(/^[A-Za-z0-9]{40}$/);
    const listed = await h.session.rest('GET', '/api/v1/me/access-keys');
    expect(listed.body.accessKeys.map((k: any) => k.accessKeyId)).toContain(created.body.accessKeyId);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secretAccessKey);
    expect((await h.session.rest('DELETE', `/api/v1/me/access-keys/${created.body.accessKeyId}`)).status).toBe(204);
    expect((await h.session.rest('DELETE', `/api/v1/me/access-keys/${created.body.accessKeyId}`)).status).toBe(404);
  });

  it('manages domains and user profiles with the SageMaker shapes, validated by the same contracts', async () => {
    const DomainName = uniqueName('rest');
    const created = await h.session.rest('POST', '/api/v1/domains', {
      DomainName,
      AuthMode: 'IAM',
      DefaultUserSettings: {},
    });
    expect(created.status).toBe(200);
    const id = created.body.DomainId;
    const described = await h.session.rest('GET', `/api/v1/domains/${id}`);
    expect(described.body).toMatchObject({ DomainId: id, DomainName });
    const invalid = await h.session.rest('POST', '/api/v1/domains', {
      DomainName: 'bad name',
      AuthMode: 'IAM',
      DefaultUserSettings: {},
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toEqual({ code: 'ValidationException', message: expect.stringMatching(/'domainName'/) });
    const profile = await h.session.rest('POST', `/api/v1/domains/${id}/user-profiles`, {
      UserProfileName: 'rest-user',
    });
    expect(profile.status).toBe(200);
    const dup = await h.session.rest('POST', `/api/v1/domains/${id}/user-profiles`, { UserProfileName: 'rest-user' });
    expect(dup.status).toBe(409);
    const list = await h.session.rest('GET', `/api/v1/domains/${id}/user-profiles?maxResults=1`);
    expect(list.body.UserProfiles).toHaveLength(1);
    expect((await h.session.rest('GET', `/api/v1/domains/d-nothere`)).status).toBe(404);
    expect((await h.session.rest('DELETE', `/api/v1/domains/${id}/user-profiles/rest-user`)).status).toBe(204);
  });

  it('serves an OpenAPI 3.1 document generated from the contracts', async () => {
    const doc = await (await fetch(`${h.server.url}/api/v1/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/domains/{domainId}/user-profiles/{name}']),
    );
    const create = doc.paths['/api/v1/domains'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['DomainName', 'AuthMode', 'DefaultUserSettings']),
    );
    expect(create.requestBody.content['application/json'].schema.properties.DomainName.maxLength).toBe(63);
  });

  it('exposes Prometheus metrics to admins', async () => {
    // Reconciles are counted when they finish: wait for one to have finished.
    const { DomainId } = await h.sagemaker.send(
      new CreateDomainCommand({ DomainName: uniqueName('metrics'), AuthMode: 'IAM', DefaultUserSettings: {} }),
    );
    await inService(h.sagemaker, DomainId!);
    const r = await fetch(`${h.server.url}/metrics`, { headers: { cookie: h.session.cookie } });
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text).toMatch(/tessera_requests_total\{surface="rest",operation="createDomain",code="200"\} \d+/);
    expect(text).toMatch(/tessera_reconciles_total\{kind="domain",result="ok"\}/);
    expect(text).toMatch(/tessera_request_duration_seconds_bucket/);
  });
});
