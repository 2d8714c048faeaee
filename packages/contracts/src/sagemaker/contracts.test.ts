import { describe, expect, it } from 'vitest';
import { ZEntityName, ZResourceArn, ZTagKey } from './common.ts';
import { sageMakerOperations } from './operations.ts';

describe('SageMaker shapes follow the service model', () => {
  it('entity names: alphanumerics and inner hyphens, at most 63', () => {
    for (const ok of ['a', 'team-1', 'a--b', 'A9', 'x'.repeat(63)])
      expect(ZEntityName.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['', '-a', 'a-', 'a_b', 'a b', 'x'.repeat(64)])
      expect(ZEntityName.safeParse(bad).success, bad).toBe(false);
  });

  it('ARNs and tag keys', () => {
    expect(ZResourceArn.safeParse('arn:aws:sagemaker:us-east-1:123456789012:domain/d-abc').success).toBe(true);
    expect(ZResourceArn.safeParse('arn:aws:s3:::bucket').success).toBe(false);
    expect(ZTagKey.safeParse('Projekt Ä/ü:=+-@_.').success).toBe(true);
    expect(ZTagKey.safeParse('no<angle>').success).toBe(false);
  });

  it('requests refuse unknown members; required members are required', () => {
    expect(sageMakerOperations.DescribeDomain.input.safeParse({ DomainId: 'd-1', X: 1 }).success).toBe(false);
    expect(sageMakerOperations.CreateDomain.input.safeParse({ DomainName: 'n', AuthMode: 'IAM' }).success).toBe(false);
    expect(
      sageMakerOperations.CreateDomain.input.safeParse({ DomainName: 'n', AuthMode: 'IAM', DefaultUserSettings: {} })
        .success,
    ).toBe(true);
  });
});
