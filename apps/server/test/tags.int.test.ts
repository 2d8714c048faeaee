import {
  AddTagsCommand,
  CreateUserProfileCommand,
  DeleteTagsCommand,
  DescribeDomainCommand,
  ListTagsCommand,
  ResourceNotFound,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { useHarness, createDomain } from './harness.ts';

const h = useHarness();

describe('tags on domains and user profiles', () => {
  it('adds, overwrites, lists with pagination and deletes tags', async () => {
    const DomainId = await createDomain(h.sagemaker);
    const { DomainArn } = await h.sagemaker.send(new DescribeDomainCommand({ DomainId }));
    await h.sagemaker.send(
      new AddTagsCommand({
        ResourceArn: DomainArn,
        Tags: [
          { Key: 'env', Value: 'dev' },
          { Key: 'owner', Value: 'ml-team' },
        ],
      }),
    );
    await h.sagemaker.send(new AddTagsCommand({ ResourceArn: DomainArn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    const tags = await h.sagemaker.send(new ListTagsCommand({ ResourceArn: DomainArn }));
    expect(tags.Tags).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'owner', Value: 'ml-team' },
    ]);

    const many = Array.from({ length: 48 }, (_, i) => ({ Key: `k${String(i).padStart(2, '0')}`, Value: `v${i}` }));
    await h.sagemaker.send(new AddTagsCommand({ ResourceArn: DomainArn, Tags: many }));
    const first = await h.sagemaker.send(new ListTagsCommand({ ResourceArn: DomainArn, MaxResults: 50 }));
    expect(first.Tags).toHaveLength(50);
    expect(first.NextToken).toBeUndefined();
    const over = await h.sagemaker
      .send(new AddTagsCommand({ ResourceArn: DomainArn, Tags: [{ Key: 'one-too-many', Value: 'x' }] }))
      .catch((e) => e);
    expect(over).toHaveProperty('name', 'ValidationException');
    expect(over.message).toMatch(/at most 50 tags/);

    await h.sagemaker.send(
      new DeleteTagsCommand({ ResourceArn: DomainArn, TagKeys: ['env', ...many.slice(0, 10).map((t) => t.Key)] }),
    );
    const after = await h.sagemaker.send(new ListTagsCommand({ ResourceArn: DomainArn }));
    expect(after.Tags!.map((t) => t.Key)).not.toContain('env');
    expect(after.Tags).toHaveLength(39);
  });

  it('tags user profiles, keeps tags given at creation, and refuses unknown ARNs and reserved keys', async () => {
    const DomainId = await createDomain(h.sagemaker);
    const { UserProfileArn } = await h.sagemaker.send(
      new CreateUserProfileCommand({ DomainId, UserProfileName: 'tagged', Tags: [{ Key: 'a', Value: '1' }] }),
    );
    await h.sagemaker.send(new AddTagsCommand({ ResourceArn: UserProfileArn, Tags: [{ Key: 'b', Value: '2' }] }));
    expect((await h.sagemaker.send(new ListTagsCommand({ ResourceArn: UserProfileArn }))).Tags).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ]);

    const unknown = UserProfileArn!.replace('/tagged', '/nobody');
    expect(await h.sagemaker.send(new ListTagsCommand({ ResourceArn: unknown })).catch((e) => e)).toBeInstanceOf(
      ResourceNotFound,
    );
    const reserved = await h.sagemaker
      .send(new AddTagsCommand({ ResourceArn: UserProfileArn, Tags: [{ Key: 'aws:secret', Value: 'x' }] }))
      .catch((e) => e);
    expect(reserved).toHaveProperty('name', 'ValidationException');
    const badArn = await h.sagemaker.send(new ListTagsCommand({ ResourceArn: 'not-an-arn' })).catch((e) => e);
    expect(badArn).toHaveProperty('name', 'ValidationException');
    expect(badArn.message).toMatch(/resourceArn/);
  });
});
