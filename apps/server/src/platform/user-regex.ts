// Regular expressions that users hand the server (FilterLogEvents' %regex%, training jobs'
// MetricDefinitions) run on RE2, whose matching time is linear in the input. JavaScript's own
// engine backtracks: a pattern such as (a+)+$ takes 2^n steps on 'a'.repeat(n) + '!', and since it
// runs on the one thread that serves every request, one such pattern would freeze the server.
// RE2 is linear in the text, not in the pattern: its time per character grows with the size of
// the compiled program, and counted repetitions are written out in full ([^x]{0,1000} is a
// thousand states). Past about two thousand, RE2's DFA cache overflows and it falls back to a
// walk of every state for every character: [^x]{0,1000}[^y]{0,1000}z takes ~0.5 s per 16 KiB.
// So the size with repetitions written out is held to MAX_EXPANDED, which refuses the patterns
// that are large on their face. It cannot bound the time (multi-byte text and Unicode classes cost
// more per character than its count says), so users' patterns are matched in a worker under a
// hard time limit (regex-off-thread.ts), never on the server's own thread.
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

/** The most atoms a pattern may have once its counted repetitions are written out. */
export const MAX_EXPANDED = 1000;

/**
 * How many atoms (characters, classes, escapes) `source` has with every counted repetition
 * written out: a{3} counts 3, (ab){2,5} counts 10, nested counts multiply. An estimate of the
 * size of RE2's program, read from the source without compiling it; syntax errors are RE2's to
 * report, so this never throws.
 */
export function expandedSize(source: string): number {
  const frames: { total: number; last: number }[] = [{ total: 0, last: 0 }];
  const atom = (weight: number) => {
    const f = frames[frames.length - 1]!;
    f.total += weight;
    f.last = weight;
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\') {
      // \p{Greek} and \x{41} are one atom; \Q...\E is one per character it quotes.
      const next = source[i + 1];
      if ((next === 'p' || next === 'P' || next === 'x') && source[i + 2] === '{') {
        const close = source.indexOf('}', i + 3);
        i = close < 0 ? source.length : close + 1;
        atom(1);
      } else if (next === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        const stop = end < 0 ? source.length : end;
        atom(Math.max(1, stop - (i + 2)));
        i = end < 0 ? source.length : end + 2;
      } else {
        i += 2;
        atom(1);
      }
    } else if (c === '[') {
      i = classEnd(source, i);
      atom(1);
    } else if (c === '(') {
      frames.push({ total: 0, last: 0 });
      i++;
      // (?:, (?i:, (?P<name>, (?<name>: what follows the parenthesis up to the group's content.
      if (source[i] === '?') {
        const named = /^\?P?<[^>]*>/.exec(source.slice(i, i + 64));
        const flags = /^\?[a-zA-Z-]*:?/.exec(source.slice(i))!;
        i += (named ?? flags)[0].length;
      }
    } else if (c === ')') {
      // An empty group still costs an instruction each time it is repeated.
      const inner = frames.length > 1 ? frames.pop()!.total : 0;
      atom(Math.max(1, inner));
      i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
      if (m) {
        const count = Math.max(Number(m[1]), m[3] ? Number(m[3]) : 0, 1);
        const f = frames[frames.length - 1]!;
        f.total += f.last * (count - 1);
        f.last *= count;
        i += m[0].length;
      } else {
        atom(1); // a brace that is not a repetition is a literal, to RE2 as to Perl
        i++;
      }
    } else if (c === '|') {
      frames[frames.length - 1]!.last = 0;
      i++;
    } else if (c === '*' || c === '+' || c === '?') {
      i++; // a repetition of what went before, not a copy of it
    } else {
      atom(1);
      i++;
    }
  }
  while (frames.length > 1) atom(frames.pop()!.total);
  return frames[0]!.total;
}

/** The index just past the character class that opens at `start` ([...], with [:alpha:] inside). */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++; // a ] first in the class is a literal
  while (i < source.length && source[i] !== ']') {
    if (source[i] === '\\') i += 2;
    else if (source[i] === '[' && source[i + 1] === ':') {
      const close = source.indexOf(':]', i + 2);
      i = close < 0 ? i + 1 : close + 2;
    } else i++;
  }
  return i + 1;
}

/** Compiles `source` for RE2; throws UserRegexError with a reason a person can act on. */
export function compileUserRegex(source: string): RE2 {
  if (source.length > MAX_SOURCE_LENGTH)
    throw new UserRegexError(`the regular expression is longer than ${MAX_SOURCE_LENGTH} characters`);
  const size = expandedSize(source);
  if (size > MAX_EXPANDED)
    throw new UserRegexError(
      `the regular expression is ${size} characters long once its counted repetitions ({m,n}) are written ` +
        `out, and at most ${MAX_EXPANDED} are allowed: its matching time per character grows with that ` +
        'size. Use * or + where the count does not matter, or smaller counts',
    );
  try {
    return new RE2(source);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const reason = EXPLAINED.find(([re]) => re.test(message))?.[1];
    throw new UserRegexError(reason ? `${reason} (${message})` : `invalid regular expression: ${message}`);
  }
}
