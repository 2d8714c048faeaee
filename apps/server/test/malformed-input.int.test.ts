import { CreateDomainCommand, CreateUserProfileCommand, ListDomainsCommand } from '@aws-sdk/client-sagemaker';
import { rawSageMakerRequest } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { useHarness } from './harness.ts';

const h = useHarness({ TESSERA_MAX_BODY_BYTES: String(64 * 1024) });

const raw = (target: string | undefined, body: string | Buffer) =>
  rawSageMakerRequest(h.server.url, h.credentials, { target, body });

describe('malformed input gets a 4xx with __type and a message naming the problem', () => {
  it('validation errors through the SDK name the field and the rule', async () => {
    const cases: [unknown, RegExp][] = [
      [{ DomainName: 'bad name!', AuthMode: 'IAM', DefaultUserSettings: {} }, /'domainName'.*regular expression/],
      [
        { DomainName: 'x'.repeat(64), AuthMode: 'IAM', DefaultUserSettings: {} },
        /'domainName'.*length less than or equal to 63/,
      ],
      [{ DomainName: 'ok', AuthMode: 'KERBEROS', DefaultUserSettings: {} }, /'authMode'.*enum value set: \[SSO, IAM\]/],
      [
        { DomainName: 'ok', AuthMode: 'IAM', DefaultUserSettings: { ExecutionRole: 'not-a-role' } },
        /'defaultUserSettings.executionRole'/,
      ],
      [
        { DomainName: 'ok', AuthMode: 'IAM', DefaultUserSettings: {}, SubnetIds: [] },
        /'subnetIds'.*length greater than or equal to 1/,
      ],
      [{ DomainName: 'ok', AuthMode: 'IAM', DefaultUserSettings: {}, Tags: [{ Key: '', Value: 'x' }] }, /'tags.1.key'/],
    ];
    for (const [input, message] of cases) {
      const err = await h.sagemaker.send(new CreateDomainCommand(input as never)).catch((e) => e);
      expect(err.name, JSON.stringify(input)).toBe('ValidationException');
      expect(err.$metadata.httpStatusCode).toBe(400);
      expect(err.message).toMatch(message);
    }
    const missing = await h.sagemaker.send(new CreateUserProfileCommand({ DomainId: 'd-x' } as never)).catch((e) => e);
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toMatch(
      /Value 'null' at 'userProfileName' failed to satisfy constraint: Member must not be null/,
    );
    const maxResults = await h.sagemaker.send(new ListDomainsCommand({ MaxResults: 101 })).catch((e) => e);
    expect(maxResults.message).toMatch(/'maxResults'.*less than or equal to 100/);
  });

  it('bad JSON, non-objects and wrong types', async () => {
    const notJson = await raw('SageMaker.ListDomains', '{"MaxResults": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.__type).toBe('SerializationException');
    expect(notJson.body.message).toMatch(/not valid JSON/);

    const array = await raw('SageMaker.ListDomains', '[1,2]');
    expect(array.body.__type).toBe('SerializationException');

    const wrongType = await raw('SageMaker.ListDomains', JSON.stringify({ MaxResults: 'ten' }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body).toEqual({
      __type: 'ValidationException',
      message: expect.stringMatching(/'maxResults'.*type number/),
    });
  });

  it('unknown fields where the model has no such member', async () => {
    const r = await raw('SageMaker.DescribeDomain', JSON.stringify({ DomainId: 'd-x', Surprise: true }));
    expect(r.status).toBe(400);
    expect(r.body.__type).toBe('ValidationException');
    expect(r.body.message).toMatch(/Unknown field 'surprise'/);
    const nested = await raw(
      'SageMaker.CreateDomain',
      JSON.stringify({ DomainName: 'n', AuthMode: 'IAM', DefaultUserSettings: { NotASetting: 1 } }),
    );
    expect(nested.body.message).toMatch(/Unknown field 'defaultUserSettings.notASetting'/);
  });

  it('unknown operations answer UnknownOperationException', async () => {
    const r = await raw('SageMaker.LaunchRocket', '{}');
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      __type: 'UnknownOperationException',
      message: expect.stringContaining('SageMaker.LaunchRocket'),
    });
    const none = await raw(undefined, '{}');
    expect(none.body.__type).toBe('UnknownOperationException');
    expect(none.body.message).toMatch(/X-Amz-Target/);
  });

  it('bodies over the size limit are refused with 413 before any work is done', async () => {
    const big = JSON.stringify({
      DomainName: 'big',
      AuthMode: 'IAM',
      DefaultUserSettings: {},
      KmsKeyId: 'k'.repeat(70 * 1024),
    });
    const r = await raw('SageMaker.CreateDomain', big);
    expect(r.status).toBe(413);
    expect(r.body.__type).toBe('RequestEntityTooLargeException');
    const list = await h.sagemaker.send(new ListDomainsCommand({}));
    expect(list.Domains!.some((d) => d.DomainName === 'big')).toBe(false);
  });
});
