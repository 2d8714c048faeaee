// Instance-type quotas: one instance per (user, instance type) shared by that user's
// KernelGateway apps; admin limits per domain and per user profile; a race for the last slot.
import {
  CreateAppCommand,
  CreateUserProfileCommand,
  DeleteAppCommand,
  DescribeUserProfileCommand,
  ListAppsCommand,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { createDomain, useHarness } from './harness.ts';
import { studioUser } from './studio-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });

async function putQuota(body: Record<string, unknown>) {
  const r = await h.session.rest('POST', '/api/v1/quotas', body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

describe('instance-type quotas', () => {
  it('lets only admins manage quotas, and validates them', async () => {
    const u = await studioUser(h);
    const denied = await u.session.rest('POST', '/api/v1/quotas', {
      Scope: 'Domain',
      DomainId: u.DomainId,
      InstanceType: 'ml.t3.medium',
      MaxInstances: 5,
    });
    expect(denied.status).toBe(403);
    expect((await u.session.rest('GET', '/api/v1/quotas')).status).toBe(403);
    const bad = await h.session.rest('POST', '/api/v1/quotas', {
      Scope: 'UserProfile',
      DomainId: u.DomainId,
      InstanceType: 'ml.t3.medium',
      MaxInstances: 1,
    });
    expect(bad.body.error.message).toMatch(/userProfileName is required for Scope UserProfile/i);
    const unknownType = await h.session.rest('POST', '/api/v1/quotas', {
      Scope: 'Domain',
      DomainId: u.DomainId,
      InstanceType: 'ml.q9.huge',
      MaxInstances: 1,
    });
    expect(unknownType.body.error.message).toMatch(/not offered/);
    const q = await putQuota({ Scope: 'Domain', DomainId: u.DomainId, InstanceType: 'ml.c5.large', MaxInstances: 2 });
    const updated = await putQuota({
      Scope: 'Domain',
      DomainId: u.DomainId,
      InstanceType: 'ml.c5.large',
      MaxInstances: 3,
    });
    expect(updated.QuotaId).toBe(q.QuotaId);
    const listed = await h.session.rest('GET', `/api/v1/quotas?domainId=${u.DomainId}`);
    expect(listed.body.Quotas).toEqual([expect.objectContaining({ QuotaId: q.QuotaId, MaxInstances: 3 })]);
    expect((await h.session.rest('DELETE', `/api/v1/quotas/${q.QuotaId}`)).status).toBe(204);
    expect((await h.session.rest('DELETE', `/api/v1/quotas/${q.QuotaId}`)).status).toBe(404);
  });

  it(
    "shares one instance among a user's apps on the same instance type; " + 'a profile quota of 0 refuses the type',
    async () => {
      const u = await studioUser(h);
      const images = (await u.session.rest('GET', '/api/v1/images')).body.Images as {
        ImageName: string;
        ImageArn: string;
      }[];
      const image = (name: string) => images.find((i) => i.ImageName === name)!.ImageArn;
      await putQuota({ Scope: 'Domain', DomainId: u.DomainId, InstanceType: 'ml.t3.large', MaxInstances: 1 });
      const key = { DomainId: u.DomainId, UserProfileName: u.UserProfileName, AppType: 'KernelGateway' as const };
      await u.sagemaker.send(
        new CreateAppCommand({
          ...key,
          AppName: 'ds',
          ResourceSpec: { InstanceType: 'ml.t3.large', SageMakerImageArn: image('datascience') },
        }),
      );
      // Another image on the same instance type: the same instance, so within a quota of 1.
      await u.sagemaker.send(
        new CreateAppCommand({
          ...key,
          AppName: 'mini',
          ResourceSpec: { InstanceType: 'ml.t3.large', SageMakerImageArn: image('minimal') },
        }),
      );

      const other = await studioUser(h, u.DomainId);
      const over = await other.sagemaker
        .send(
          new CreateAppCommand({
            DomainId: u.DomainId,
            UserProfileName: other.UserProfileName,
            AppType: 'KernelGateway',
            AppName: 'ds',
            ResourceSpec: { InstanceType: 'ml.t3.large' },
          }),
        )
        .catch((e) => e);
      expect(over.name).toBe('ResourceLimitExceeded');
      expect(over.message).toMatch(
        new RegExp(
          `Domain ${u.DomainId} may run 1 ml\\.t3\\.large instance \\(quota q-[^)]+\\) and 1 is running ` +
            `\\(${u.UserProfileName}: apps\\); a KernelGateway app needs 1 more`,
        ),
      );

      await putQuota({
        Scope: 'UserProfile',
        DomainId: u.DomainId,
        UserProfileName: other.UserProfileName,
        InstanceType: 'ml.m5.large',
        MaxInstances: 0,
      });
      const refused = await other.sagemaker
        .send(
          new CreateAppCommand({
            DomainId: u.DomainId,
            UserProfileName: other.UserProfileName,
            AppType: 'KernelGateway',
            AppName: 'm5',
            ResourceSpec: { InstanceType: 'ml.m5.large' },
          }),
        )
        .catch((e) => e);
      expect(refused.name).toBe('ResourceLimitExceeded');
      expect(refused.message).toMatch(
        new RegExp(
          `User profile ${other.UserProfileName} may run 0 ml\\.m5\\.large instances ` +
            `\\(quota q-[^)]+\\) and 0 are running`,
        ),
      );

      // Once the first user's instance is gone, the slot is free.
      await u.sagemaker.send(new DeleteAppCommand({ ...key, AppName: 'ds' }));
      await u.sagemaker.send(new DeleteAppCommand({ ...key, AppName: 'mini' }));
      await waitFor(
        async () => {
          const r = await other.sagemaker
            .send(
              new CreateAppCommand({
                DomainId: u.DomainId,
                UserProfileName: other.UserProfileName,
                AppType: 'KernelGateway',
                AppName: 'ds',
                ResourceSpec: { InstanceType: 'ml.t3.large' },
              }),
            )
            .then(() => true)
            .catch((e) => (e.name === 'ResourceLimitExceeded' ? undefined : Promise.reject(e)));
          return r;
        },
        'slot freed',
        30_000,
        200,
      );
      await other.sagemaker.send(
        new DeleteAppCommand({
          DomainId: u.DomainId,
          UserProfileName: other.UserProfileName,
          AppType: 'KernelGateway',
          AppName: 'ds',
        }),
      );
    },
  );

  it('fifty concurrent CreateApp calls racing for the last slot: exactly one wins', async () => {
    const DomainId = await createDomain(h.sagemaker);
    const names = Array.from({ length: 51 }, (_, i) => `racer-${i}`);
    for (const UserProfileName of names)
      await h.sagemaker.send(new CreateUserProfileCommand({ DomainId, UserProfileName }));
    await waitFor(async () => {
      const p = await h.sagemaker.send(new DescribeUserProfileCommand({ DomainId, UserProfileName: names.at(-1)! }));
      return p.Status === 'InService' ? p : undefined;
    }, 'profiles InService');
    await putQuota({ Scope: 'Domain', DomainId, InstanceType: 'ml.c5.large', MaxInstances: 2 });
    const create = (UserProfileName: string) =>
      h.sagemaker.send(
        new CreateAppCommand({
          DomainId,
          UserProfileName,
          AppType: 'KernelGateway',
          AppName: 'c5',
          ResourceSpec: { InstanceType: 'ml.c5.large' },
        }),
      );
    await create(names[0]!); // one of two slots taken: one is left

    const results = await Promise.allSettled(names.slice(1).map(create));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    expect(new Set(lost.map((r) => r.reason.name))).toEqual(new Set(['ResourceLimitExceeded']));

    const live = await h.session.rest('GET', `/api/v1/studio/resources?domain=${DomainId}&profile=${names[0]}`);
    expect(live.body.Apps).toHaveLength(1);
    // ListApps, one per page, walks both live apps of the domain, newest first.
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await h.sagemaker.send(new ListAppsCommand({ DomainIdEquals: DomainId, MaxResults: 1, NextToken }));
      seen.push(...page.Apps!.map((a) => a.UserProfileName!));
      NextToken = page.NextToken;
    } while (NextToken);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(names[0]);
    for (const UserProfileName of names) {
      await h.sagemaker
        .send(new DeleteAppCommand({ DomainId, UserProfileName, AppType: 'KernelGateway', AppName: 'c5' }))
        .catch(() => undefined);
    }
  });
});
