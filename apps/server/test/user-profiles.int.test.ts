import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateUserProfileCommand,
  DeleteUserProfileCommand,
  DescribeUserProfileCommand,
  ListUserProfilesCommand,
  ResourceInUse,
  ResourceLimitExceeded,
  ResourceNotFound,
  UpdateUserProfileCommand,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { useHarness, createDomain, homeDirOf, inService, retainedHomeFile, uniqueName } from './harness.ts';

const h = useHarness({ TESSERA_MAX_USER_PROFILES_PER_DOMAIN: '6' });

async function profileInService(DomainId: string, UserProfileName: string) {
  return waitFor(async () => {
    const p = await h.sagemaker.send(new DescribeUserProfileCommand({ DomainId, UserProfileName }));
    return p.Status === 'InService' ? p : undefined;
  }, `profile ${UserProfileName} InService`);
}

describe('user profile lifecycle through @aws-sdk/client-sagemaker', () => {
  it(
    'creates a profile with a home directory and a uid, ' + 'describes, updates, deletes it — and keeps the home',
    async () => {
      const DomainId = await createDomain(h.sagemaker);
      const created = await h.sagemaker.send(
        new CreateUserProfileCommand({
          DomainId,
          UserProfileName: 'data-scientist-1',
          UserSettings: {
            ExecutionRole: 'arn:aws:iam::123456789012:role/Alice',
            JupyterServerAppSettings: { DefaultResourceSpec: { InstanceType: 'system' } },
          },
          Tags: [{ Key: 'cost-center', Value: '42' }],
        }),
      );
      expect(created.UserProfileArn).toMatch(new RegExp(`:user-profile/${DomainId}/data-scientist-1$`));
      const p = await profileInService(DomainId, 'data-scientist-1');
      expect(p).toMatchObject({
        DomainId,
        UserProfileName: 'data-scientist-1',
        UserProfileArn: created.UserProfileArn,
        HomeEfsFileSystemUid: '200001',
        UserSettings: {
          ExecutionRole: 'arn:aws:iam::123456789012:role/Alice',
          JupyterServerAppSettings: { DefaultResourceSpec: { InstanceType: 'system' } },
        },
      });
      const home = await homeDirOf(h, DomainId, 'data-scientist-1');
      expect(existsSync(home)).toBe(true);
      writeFileSync(join(home, 'notes.txt'), 'keep me');

      await h.sagemaker.send(
        new UpdateUserProfileCommand({
          DomainId,
          UserProfileName: 'data-scientist-1',
          UserSettings: { SharingSettings: { NotebookOutputOption: 'Disabled' } },
        }),
      );
      const updated = await profileInService(DomainId, 'data-scientist-1');
      expect(updated.UserSettings).toEqual({
        ExecutionRole: 'arn:aws:iam::123456789012:role/Alice',
        JupyterServerAppSettings: { DefaultResourceSpec: { InstanceType: 'system' } },
        SharingSettings: { NotebookOutputOption: 'Disabled' },
      });

      const second = await h.sagemaker.send(
        new CreateUserProfileCommand({ DomainId, UserProfileName: 'data-scientist-2' }),
      );
      expect(second.UserProfileArn).toBeDefined();
      expect((await profileInService(DomainId, 'data-scientist-2')).HomeEfsFileSystemUid).toBe('200002');

      await h.sagemaker.send(new DeleteUserProfileCommand({ DomainId, UserProfileName: 'data-scientist-1' }));
      const gone = await waitFor(
        () =>
          h.sagemaker.send(new DescribeUserProfileCommand({ DomainId, UserProfileName: 'data-scientist-1' })).then(
            () => undefined,
            (e) => e,
          ),
        'profile gone',
      );
      expect(gone).toBeInstanceOf(ResourceNotFound);
      // Kept (as EFS keeps it): on its volume, unmounted now that its profile is gone.
      // The volume is unmounted after the row goes; its image is read once that has finished.
      const kept = await waitFor(
        async () => {
          try {
            return retainedHomeFile(h, home, 'notes.txt') || undefined;
          } catch {
            return undefined;
          }
        },
        'the kept home',
        15_000,
      );
      expect(kept).toBe('keep me');
    },
  );

  it(
    'refuses a duplicate name (ResourceInUse), a missing domain (ResourceNotFound) and too many profiles ' +
      '(ResourceLimitExceeded)',
    async () => {
      const DomainId = await createDomain(h.sagemaker);
      await h.sagemaker.send(new CreateUserProfileCommand({ DomainId, UserProfileName: 'bob' }));
      const dup = await h.sagemaker
        .send(new CreateUserProfileCommand({ DomainId, UserProfileName: 'bob' }))
        .catch((e) => e);
      expect(dup).toBeInstanceOf(ResourceInUse);
      expect(dup.message).toContain('bob');

      const missing = await h.sagemaker
        .send(new CreateUserProfileCommand({ DomainId: 'd-missing00000', UserProfileName: 'x' }))
        .catch((e) => e);
      expect(missing).toBeInstanceOf(ResourceNotFound);

      for (let i = 1; i < 6; i++)
        await h.sagemaker.send(new CreateUserProfileCommand({ DomainId, UserProfileName: `p${i}` }));
      const over = await h.sagemaker
        .send(new CreateUserProfileCommand({ DomainId, UserProfileName: 'p6' }))
        .catch((e) => e);
      expect(over).toBeInstanceOf(ResourceLimitExceeded);
      expect(over.message).toMatch(/6 user profiles/);
    },
  );

  it('requires SSO identities in SSO domains and refuses them in IAM domains', async () => {
    const sso = await h.sagemaker.send(
      new CreateDomainCommand({ DomainName: uniqueName('sso'), AuthMode: 'SSO', DefaultUserSettings: {} }),
    );
    await inService(h.sagemaker, sso.DomainId!);
    const noIdentity = await h.sagemaker
      .send(new CreateUserProfileCommand({ DomainId: sso.DomainId, UserProfileName: 'carol' }))
      .catch((e) => e);
    expect(noIdentity).toHaveProperty('name', 'ValidationException');
    expect(noIdentity.message).toMatch(/SingleSignOnUserValue/);
    await h.sagemaker.send(
      new CreateUserProfileCommand({
        DomainId: sso.DomainId,
        UserProfileName: 'carol',
        SingleSignOnUserIdentifier: 'UserName',
        SingleSignOnUserValue: 'carol@example.com',
      }),
    );
    const p = await profileInService(sso.DomainId!, 'carol');
    expect(p).toMatchObject({ SingleSignOnUserIdentifier: 'UserName', SingleSignOnUserValue: 'carol@example.com' });

    const iam = await createDomain(h.sagemaker);
    const wrong = await h.sagemaker
      .send(
        new CreateUserProfileCommand({
          DomainId: iam,
          UserProfileName: 'dave',
          SingleSignOnUserIdentifier: 'UserName',
          SingleSignOnUserValue: 'dave',
        }),
      )
      .catch((e) => e);
    expect(wrong).toHaveProperty('name', 'ValidationException');
  });

  it('lists with filters, both sort keys and orders, and walks MaxResults 1 pages to the end', async () => {
    const DomainId = await createDomain(h.sagemaker);
    const names = ['ana', 'ben', 'cleo', 'dan', 'eve'];
    for (const n of names) {
      await h.sagemaker.send(new CreateUserProfileCommand({ DomainId, UserProfileName: n }));
      await new Promise((r) => setTimeout(r, 5)); // distinct creation times
    }
    for (const n of names) await profileInService(DomainId, n);

    const walk = async (extra: Record<string, unknown>) => {
      const out: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await h.sagemaker.send(
          new ListUserProfilesCommand({ DomainIdEquals: DomainId, MaxResults: 1, NextToken, ...extra }),
        );
        expect(page.UserProfiles!.length).toBeLessThanOrEqual(1);
        out.push(...page.UserProfiles!.map((p) => p.UserProfileName!));
        NextToken = page.NextToken;
      } while (NextToken);
      return out;
    };
    expect(await walk({})).toEqual(names);
    expect(await walk({ SortOrder: 'Descending' })).toEqual([...names].reverse());
    expect(await walk({ SortBy: 'CreationTime', SortOrder: 'Ascending' })).toEqual(names);

    // Touch "ben" last: by LastModifiedTime it moves to the end.
    await h.sagemaker.send(new UpdateUserProfileCommand({ DomainId, UserProfileName: 'ben', UserSettings: {} }));
    await profileInService(DomainId, 'ben');
    expect((await walk({ SortBy: 'LastModifiedTime' })).at(-1)).toBe('ben');

    const contains = await h.sagemaker.send(
      new ListUserProfilesCommand({ DomainIdEquals: DomainId, UserProfileNameContains: 'e' }),
    );
    expect(contains.UserProfiles!.map((p) => p.UserProfileName).sort()).toEqual(['ben', 'cleo', 'eve']);
    const detail = contains.UserProfiles![0]!;
    expect(detail).toMatchObject({ DomainId, Status: 'InService' });
    expect(detail.CreationTime).toBeInstanceOf(Date);
  });

  it('refuses a NextToken from another listing', async () => {
    const DomainId = await createDomain(h.sagemaker);
    for (const n of ['a1', 'a2'])
      await h.sagemaker.send(new CreateUserProfileCommand({ DomainId, UserProfileName: n }));
    const page = await h.sagemaker.send(new ListUserProfilesCommand({ DomainIdEquals: DomainId, MaxResults: 1 }));
    expect(page.NextToken).toBeDefined();
    const err = await h.sagemaker
      .send(
        new ListUserProfilesCommand({
          DomainIdEquals: DomainId,
          MaxResults: 1,
          NextToken: page.NextToken,
          SortOrder: 'Descending',
        }),
      )
      .catch((e) => e);
    expect(err).toHaveProperty('name', 'ValidationException');
    expect(err.message).toMatch(/NextToken/);
    const garbage = await h.sagemaker.send(new ListUserProfilesCommand({ NextToken: 'not-a-token' })).catch((e) => e);
    expect(garbage).toHaveProperty('name', 'ValidationException');
  });
});
