// Turns zod issues into the messages AWS services give, e.g.
// "1 validation error detected: Value 'x!' at 'domainName' failed to satisfy constraint: Member
// must satisfy regular expression pattern: ...". Each names the field and the rule broken.
import type { z } from 'zod';

function fieldPath(path: PropertyKey[]): string {
  return path
    .map((p, i) =>
      typeof p === 'number'
        ? `${i === 0 ? '' : '.'}${p + 1}`
        : `${i === 0 ? '' : '.'}${String(p).charAt(0).toLowerCase()}${String(p).slice(1)}`,
    )
    .join('');
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function show(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s === undefined ? 'null' : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function constraint(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `Member must have length less than or equal to ${issue.maximum}`
        : `Member must have value less than or equal to ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `Member must have length greater than or equal to ${issue.minimum}`
        : `Member must have value greater than or equal to ${issue.minimum}`;
    case 'invalid_value':
      return `Member must satisfy enum value set: [${issue.values.map(String).join(', ')}]`;
    case 'invalid_type':
      return value === undefined || value === null
        ? 'Member must not be null'
        : `Member must be of type ${issue.expected}`;
    default:
      return issue.message.startsWith('Member')
        ? issue.message
        : `Member ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}`;
  }
}

export function describeIssues(error: z.ZodError, input: unknown): string {
  const parts: string[] = [];
  for (const issue of error.issues.slice(0, 10)) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        parts.push(`Unknown field '${fieldPath([...issue.path, key])}': the request shape has no member named ${key}`);
      continue;
    }
    const at = fieldPath(issue.path) || 'request';
    const value = valueAt(input, issue.path);
    parts.push(`Value '${show(value)}' at '${at}' failed to satisfy constraint: ${constraint(issue, value)}`);
  }
  const n = parts.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}
