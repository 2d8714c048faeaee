import {
  CreateDomainCommand,
  ListDomainsCommand,
  ResourceInUse,
  ResourceLimitExceeded,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';

const h = useHarness({ TESSERA_MAX_DOMAINS: '4' });

describe('limits and unique names hold under concurrency', () => {
  it('two concurrent creations of one name: exactly one wins, the other gets ResourceInUse', async () => {
    const name = uniqueName('same');
    const results = await Promise.allSettled(
      [0, 1].map(() =>
        h.sagemaker.send(new CreateDomainCommand({ DomainName: name, AuthMode: 'IAM', DefaultUserSettings: {} })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    expect(lost.reason).toBeInstanceOf(ResourceInUse);
  });

  it(
    'twenty concurrent CreateDomain calls for the three slots left: exactly three win, ' +
      'the rest get ResourceLimitExceeded',
    async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () =>
          h.sagemaker.send(
            new CreateDomainCommand({ DomainName: uniqueName('race'), AuthMode: 'IAM', DefaultUserSettings: {} }),
          ),
        ),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(3);
      for (const r of lost) {
        expect(r.reason).toBeInstanceOf(ResourceLimitExceeded);
        expect(r.reason.message).toMatch(/TESSERA_MAX_DOMAINS=4/);
      }
      expect((await h.sagemaker.send(new ListDomainsCommand({}))).Domains).toHaveLength(4);
    },
  );
});
