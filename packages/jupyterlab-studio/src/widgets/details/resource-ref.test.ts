import { describe, expect, it } from 'vitest';
import { parseResourceRef } from './resource-ref.ts';

describe("a notebook output's link to a Studio page", () => {
  it('names a resource by kind and name, or by the ARN boto3 returned', () => {
    expect(parseResourceRef({ kind: 'TrainingJob', name: 'My-Job-1' })).toEqual({
      kind: 'TrainingJob',
      name: 'My-Job-1',
    });
    expect(parseResourceRef({ arn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep-1' })).toEqual({
      kind: 'Endpoint',
      name: 'ep-1',
    });
    expect(parseResourceRef({ arn: 'arn:aws:sagemaker:eu-west-1:123456789012:transform-job/t' })).toEqual({
      kind: 'TransformJob',
      name: 't',
    });
  });

  it('names nothing for what a hostile notebook could put there', () => {
    const refused = [
      undefined,
      null,
      'TrainingJob',
      {},
      { kind: 'TrainingJob' },
      { kind: 'Domain', name: 'd' },
      { kind: 'constructor', name: 'x' },
      { kind: '__proto__', name: 'x' },
      { kind: 'TrainingJob', name: '../../api/v1/admin' },
      { kind: 'TrainingJob', name: 'a b' },
      { kind: 'TrainingJob', name: '<img src=x onerror=alert(1)>' },
      { kind: 'TrainingJob', name: 'x'.repeat(64) },
      { kind: 'Endpoint', name: 7 },
      { arn: 'arn:aws:sagemaker:us-east-1:123456789012:domain/d-1' },
      { arn: 'arn:aws:sagemaker:us-east-1:123456789012:constructor/x' },
      { arn: 'arn:aws:iam::123456789012:role/x' },
      { arn: 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/a/../b' },
      { arn: 'javascript:alert(1)' },
    ];
    for (const payload of refused) expect(parseResourceRef(payload), JSON.stringify(payload)).toHaveProperty('error');
  });
});
