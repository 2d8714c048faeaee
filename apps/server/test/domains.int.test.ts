import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateDomainCommand,
  CreateUserProfileCommand,
  DeleteDomainCommand,
  DeleteUserProfileCommand,
  DescribeDomainCommand,
  DescribeUserProfileCommand,
  ListDomainsCommand,
  ResourceInUse,
  ResourceNotFound,
  UpdateDomainCommand,
  paginateListDomains,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { useHarness, createDomain, inService, uniqueName } from './harness.ts';

const h = useHarness();

describe('domain lifecycle through @aws-sdk/client-sagemaker', () => {
  it('creates a domain that is Pending until its home storage exists, then InService', async () => {
    const events: { type: string; status?: string; resourceArn: string }[] = [];
    const ws = new WebSocket(`${h.server.url.replace('http', 'ws')}/api/v1/events`, {
      headers: { cookie: h.session.cookie },
    });
    await new Promise((r) => ws.once('message', r)); // hello
    ws.on('message', (m) => events.push(JSON.parse(String(m))));

    const name = uniqueName('team');
    const created = await h.sagemaker.send(
      new CreateDomainCommand({
        DomainName: name,
        AuthMode: 'IAM',
        DefaultUserSettings: {
          ExecutionRole: 'arn:aws:iam::123456789012:role/Exec',
          SharingSettings: { NotebookOutputOption: 'Allowed' },
        },
        SubnetIds: ['subnet-0abc'],
        VpcId: 'vpc-0abc',
        Tags: [{ Key: 'team', Value: 'vision' }],
      }),
    );
    expect(created.DomainId).toMatch(/^d-[a-z0-9]{12}$/);
    expect(created.DomainArn).toMatch(new RegExp(`^arn:aws:sagemaker:us-east-1:\\d{12}:domain/${created.DomainId}$`));
    expect(created.Url).toBe(`${h.server.url}/studio/${created.DomainId}`);

    const d = await inService(h.sagemaker, created.DomainId!);
    await waitFor(async () => (events.some((e) => e.status === 'InService') ? true : undefined), 'InService event');
    const statuses = events.filter((e) => e.resourceArn === created.DomainArn).map((e) => e.status);
    expect(statuses).toEqual(['Pending', 'InService']);
    ws.close();

    expect(existsSync(join(h.server.dataDir, 'home', created.DomainId!, '.filesystem-id'))).toBe(true);
    expect(d).toMatchObject({
      DomainId: created.DomainId,
      DomainName: name,
      AuthMode: 'IAM',
      Status: 'InService',
      SubnetIds: ['subnet-0abc'],
      VpcId: 'vpc-0abc',
      AppNetworkAccessType: 'PublicInternetOnly',
      DefaultUserSettings: {
        ExecutionRole: 'arn:aws:iam::123456789012:role/Exec',
        SharingSettings: { NotebookOutputOption: 'Allowed' },
      },
    });
    expect(d.HomeEfsFileSystemId).toMatch(/^fs-[0-9a-f]{16}$/);
    expect(d.CreationTime).toBeInstanceOf(Date);
    expect(Math.abs(d.CreationTime!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(d.LastModifiedTime!.getTime()).toBeGreaterThanOrEqual(d.CreationTime!.getTime());
  });

  it('updates settings: Updating, then InService, with members merged', async () => {
    const DomainId = await createDomain(h.sagemaker);
    const before = await h.sagemaker.send(new DescribeDomainCommand({ DomainId }));
    await new Promise((r) => setTimeout(r, 20));
    await h.sagemaker.send(
      new UpdateDomainCommand({
        DomainId,
        DefaultUserSettings: { SharingSettings: { NotebookOutputOption: 'Disabled' } },
        AppNetworkAccessType: 'VpcOnly',
      }),
    );
    // Read-your-writes: the very next Describe shows the change (the server caches hot reads).
    expect((await h.sagemaker.send(new DescribeDomainCommand({ DomainId }))).AppNetworkAccessType).toBe('VpcOnly');
    const after = await inService(h.sagemaker, DomainId);
    expect(after.DefaultUserSettings).toEqual({
      ExecutionRole: 'arn:aws:iam::123456789012:role/SageMakerExecution',
      SharingSettings: { NotebookOutputOption: 'Disabled' },
    });
    expect(after.AppNetworkAccessType).toBe('VpcOnly');
    expect(after.LastModifiedTime!.getTime()).toBeGreaterThan(before.LastModifiedTime!.getTime());
  });

  it('refuses a second live domain with the same name (ResourceInUse)', async () => {
    const name = uniqueName('dup');
    await createDomain(h.sagemaker, name);
    const err = await h.sagemaker
      .send(new CreateDomainCommand({ DomainName: name, AuthMode: 'IAM', DefaultUserSettings: {} }))
      .catch((e) => e);
    expect(err).toBeInstanceOf(ResourceInUse);
    expect(err.message).toContain(name);
  });

  it('walks ListDomains with MaxResults 1 to the end, every domain once, in creation order', async () => {
    const mine = [await createDomain(h.sagemaker), await createDomain(h.sagemaker), await createDomain(h.sagemaker)];
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await h.sagemaker.send(new ListDomainsCommand({ MaxResults: 1, NextToken }));
      expect(page.Domains!.length).toBeLessThanOrEqual(1);
      seen.push(...page.Domains!.map((d) => d.DomainId!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await h.sagemaker.send(new ListDomainsCommand({}));
    expect(seen).toEqual(all.Domains!.map((d) => d.DomainId));
    expect(pages).toBeGreaterThanOrEqual(seen.length);
    expect(seen.filter((id) => mine.includes(id))).toEqual(mine);
    // The SDK's own paginator agrees.
    const viaPaginator: string[] = [];
    for await (const p of paginateListDomains({ client: h.sagemaker, pageSize: 2 }, {}))
      viaPaginator.push(...p.Domains!.map((d) => d.DomainId!));
    expect(viaPaginator).toEqual(seen);
  });

  it('refuses DeleteDomain while user profiles exist, then deletes: Deleting, then gone', async () => {
    const DomainId = await createDomain(h.sagemaker);
    await h.sagemaker.send(new CreateUserProfileCommand({ DomainId, UserProfileName: 'alice' }));
    const refused = await h.sagemaker.send(new DeleteDomainCommand({ DomainId })).catch((e) => e);
    expect(refused).toBeInstanceOf(ResourceInUse);
    expect(refused.message).toMatch(/alice/);
    expect((await h.sagemaker.send(new DescribeDomainCommand({ DomainId }))).Status).toBe('InService');

    const retained = await h.sagemaker
      .send(new DeleteDomainCommand({ DomainId, RetentionPolicy: { HomeEfsFileSystem: 'Retain' } }))
      .catch((e) => e);
    expect(retained).toBeInstanceOf(ResourceInUse);
    // With the home file system deleted, its profiles go with it.
    await h.sagemaker.send(new DeleteDomainCommand({ DomainId, RetentionPolicy: { HomeEfsFileSystem: 'Delete' } }));
    const gone = await waitFor(
      () =>
        h.sagemaker.send(new DescribeDomainCommand({ DomainId })).then(
          () => undefined,
          (e) => e,
        ),
      'domain gone',
    );
    expect(gone).toBeInstanceOf(ResourceNotFound);
    const profile = await h.sagemaker
      .send(new DescribeUserProfileCommand({ DomainId, UserProfileName: 'alice' }))
      .catch((e) => e);
    expect(profile).toBeInstanceOf(ResourceNotFound);
    expect(existsSync(join(h.server.dataDir, 'home', DomainId))).toBe(false);
  });

  it('deletes a domain right after its last profile was deleted, before that profile is gone', async () => {
    const DomainId = await createDomain(h.sagemaker);
    await h.sagemaker.send(new CreateUserProfileCommand({ DomainId, UserProfileName: 'leaving' }));
    await h.sagemaker.send(new DeleteUserProfileCommand({ DomainId, UserProfileName: 'leaving' }));
    await h.sagemaker.send(new DeleteDomainCommand({ DomainId }));
    const gone = await waitFor(
      () =>
        h.sagemaker.send(new DescribeDomainCommand({ DomainId })).then(
          () => undefined,
          (e) => e,
        ),
      'domain gone',
    );
    expect(gone).toBeInstanceOf(ResourceNotFound);
  });

  it('applies concurrent updates of different settings both', async () => {
    const DomainId = await createDomain(h.sagemaker);
    await Promise.all([
      h.sagemaker.send(
        new UpdateDomainCommand({
          DomainId,
          DefaultUserSettings: { SharingSettings: { NotebookOutputOption: 'Disabled' } },
        }),
      ),
      h.sagemaker.send(new UpdateDomainCommand({ DomainId, DefaultUserSettings: { SecurityGroups: ['sg-1'] } })),
      h.sagemaker.send(new UpdateDomainCommand({ DomainId, AppNetworkAccessType: 'VpcOnly' })),
    ]);
    const d = await inService(h.sagemaker, DomainId);
    expect(d.DefaultUserSettings).toEqual({
      ExecutionRole: 'arn:aws:iam::123456789012:role/SageMakerExecution',
      SharingSettings: { NotebookOutputOption: 'Disabled' },
      SecurityGroups: ['sg-1'],
    });
    expect(d.AppNetworkAccessType).toBe('VpcOnly');
  });

  it('retains the home storage by default when a domain is deleted', async () => {
    const DomainId = await createDomain(h.sagemaker);
    await h.sagemaker.send(new DeleteDomainCommand({ DomainId }));
    await waitFor(
      () =>
        h.sagemaker.send(new DescribeDomainCommand({ DomainId })).then(
          () => undefined,
          (e) => e,
        ),
      'domain gone',
    );
    expect(existsSync(join(h.server.dataDir, 'home', DomainId))).toBe(true);
  });

  it('answers ResourceNotFound for a domain that never existed, naming it', async () => {
    const err = await h.sagemaker.send(new DescribeDomainCommand({ DomainId: 'd-doesnotexist' })).catch((e) => e);
    expect(err).toBeInstanceOf(ResourceNotFound);
    expect(err.message).toContain('d-doesnotexist');
    expect(err.$metadata.httpStatusCode).toBe(400);
    for (const cmd of [
      new UpdateDomainCommand({ DomainId: 'd-doesnotexist' }),
      new DeleteDomainCommand({ DomainId: 'd-doesnotexist' }),
    ]) {
      expect(await h.sagemaker.send(cmd as never).catch((e) => e)).toBeInstanceOf(ResourceNotFound);
    }
  });
});
