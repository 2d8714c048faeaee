// Regular expressions that users hand the server (FilterLogEvents' %regex%, training jobs'
// MetricDefinitions) run on RE2, whose matching time is linear in the input. JavaScript's own
// engine backtracks: a pattern such as (a+)+$ takes 2^n steps on 'a'.repeat(n) + '!', and since it
// runs on the one thread that serves every request, one such pattern would freeze the server.
// The price is RE2's syntax: no backreferences, lookarounds, atomic groups or possessive
// quantifiers (each needs backtracking). Those are refused with the reason, so that the caller can
// rewrite the pattern, rather than matched by a slower fallback.
import RE2 from 're2';

export class UserRegexError extends Error {}

/** Far above what the APIs accept (1024 for filter patterns, 500 for metric regexes). */
const MAX_SOURCE_LENGTH = 4096;

// RE2's messages name the construct it stopped at; these say why it is not there.
const EXPLAINED: [RegExp, string][] = [
  [/^invalid escape sequence: \\[1-9k]/, 'RE2 does not support backreferences'],
  [/^invalid perl operator: \(\?P$/, 'RE2 does not support backreferences or recursion ((?P=name), (?P>name))'],
  [/^invalid perl operator: \(\?[=!]$/, 'RE2 does not support lookahead ((?=...), (?!...))'],
  [/^invalid perl operator: \(\?<[=!]$/, 'RE2 does not support lookbehind ((?<=...), (?<!...))'],
  [/^invalid perl operator: \(\?>$/, 'RE2 does not support atomic groups ((?>...))'],
  [/^bad repetition operator: .+\+$/, 'RE2 does not support possessive quantifiers (a++, a*+)'],
  [/^invalid repetition size/, 'RE2 allows at most 1000 repetitions, counting nested ones multiplied'],
];

/** Compiles `source` for RE2; throws UserRegexError with a reason a person can act on. */
export function compileUserRegex(source: string): RE2 {
  if (source.length > MAX_SOURCE_LENGTH)
    throw new UserRegexError(`the regular expression is longer than ${MAX_SOURCE_LENGTH} characters`);
  try {
    return new RE2(source);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const reason = EXPLAINED.find(([re]) => re.test(message))?.[1];
    throw new UserRegexError(reason ? `${reason} (${message})` : `invalid regular expression: ${message}`);
  }
}
