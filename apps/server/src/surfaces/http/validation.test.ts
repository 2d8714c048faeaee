import { ZCreateDomainRequestSchema } from '@tessera/contracts';
import { describe, expect, it } from 'vitest';
import { describeIssues } from './validation.ts';

const message = (input: unknown) => {
  const r = ZCreateDomainRequestSchema.safeParse(input);
  if (r.success) throw new Error('expected a validation error');
  return describeIssues(r.error, input);
};

describe('describeIssues (AWS-style validation messages)', () => {
  it('names the field in lowerCamel with 1-based list indexes and the rule broken', () => {
    expect(
      message({
        DomainName: 'ok',
        AuthMode: 'IAM',
        DefaultUserSettings: {},
        Tags: [
          { Key: 'k', Value: 'v' },
          { Key: 'k2', Value: 'x'.repeat(300) },
        ],
      }),
    ).toBe(
      `1 validation error detected: Value '${'x'.repeat(77)}...' at 'tags.2.value' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 256',
    );
  });

  it('reports missing members as null and counts several errors', () => {
    const m = message({ AuthMode: 'NOPE' });
    expect(m).toMatch(/^3 validation errors detected: /);
    expect(m).toContain("Value 'null' at 'domainName' failed to satisfy constraint: Member must not be null");
    expect(m).toContain(
      "Value 'NOPE' at 'authMode' failed to satisfy constraint: Member must satisfy enum value set: [SSO, IAM]",
    );
  });

  it('names unknown fields', () => {
    expect(message({ DomainName: 'ok', AuthMode: 'IAM', DefaultUserSettings: {}, Extra: 1 })).toContain(
      "Unknown field 'extra'",
    );
  });
});
