// Every route of the REST table, asked by someone who may not: without a session each non-public
// route answers 401, and a signed-in user who is not an administrator gets 403 from every admin
// route (the console's, quotas, usage, prices, users, identity providers...) and from the console
// page itself. Driven by the route table, so a route added later is swept too.
import { restRoutes, type RestRoute } from '@tessera/contracts';
import { describe, expect, it } from 'vitest';
import { otherUser, useHarness } from './harness.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });
const routes = Object.entries(restRoutes) as [string, RestRoute][];
const pathOf = (r: RestRoute) =>
  r.path.replace(/:([a-zA-Z]+)/g, (_, name: string) => (name === 'domainId' ? 'd-000000000000' : `x-${name}`));

async function call(route: RestRoute, cookie?: string) {
  const unsafe = route.method !== 'get';
  const res = await fetch(`${h.server.url}${pathOf(route)}`, {
    method: route.method.toUpperCase(),
    headers: { ...(cookie ? { cookie } : {}), ...(unsafe ? { 'content-type': 'application/json' } : {}) },
    body: unsafe ? '{}' : undefined,
  });
  const text = await res.text();
  return {
    status: res.status,
    code: (() => {
      try {
        return JSON.parse(text).error?.code as string;
      } catch {
        return undefined;
      }
    })(),
  };
}

describe('authorization of every REST route', () => {
  it('has admin routes for everything the console manages', () => {
    const admin = routes.filter(([, r]) => r.access === 'admin').map(([name]) => name);
    expect(admin).toEqual(
      expect.arrayContaining([
        'createUser',
        'listUsers',
        'putQuota',
        'getUsage',
        'usageCsv',
        'putPrice',
        'createDomain',
        'deleteDomain',
      ]),
    );
    expect(admin.length).toBeGreaterThan(25);
  });

  it('answers 401 to every non-public route without a session', async () => {
    const wrong: string[] = [];
    for (const [name, route] of routes.filter(([, r]) => r.access !== 'public')) {
      const r = await call(route);
      if (r.status !== 401 || r.code !== 'Unauthenticated')
        wrong.push(`${name} ${route.method} ${route.path}: ${r.status} ${r.code}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a non-admin every admin route with 403, before reading the request', async () => {
    const user = await otherUser(h);
    const wrong: string[] = [];
    const admin = routes.filter(([, r]) => r.access === 'admin');
    for (const [name, route] of admin) {
      const r = await call(route, user.session.cookie);
      if (r.status !== 403 || r.code !== 'AccessDeniedException')
        wrong.push(`${name} ${route.method} ${route.path}: ${r.status} ${r.code}`);
    }
    expect(wrong).toEqual([]);
    // The console's page and the metrics are for administrators too.
    const page = await fetch(`${h.server.url}/console`, {
      headers: { cookie: user.session.cookie },
      redirect: 'manual',
    });
    expect(page.status).toBe(403);
    expect((await fetch(`${h.server.url}/metrics`, { headers: { cookie: user.session.cookie } })).status).toBe(401);
    // And the administrator is let through the same routes (the listing ones answer 200).
    for (const name of ['listUsers', 'listGroups', 'listQuotas', 'getUsage', 'listPrices', 'listActivity'] as const) {
      const route = restRoutes[name as keyof typeof restRoutes] as RestRoute | undefined;
      expect(route, name).toBeDefined();
      expect((await call(route!, h.session.cookie)).status, name).toBe(200);
    }
  });
});
