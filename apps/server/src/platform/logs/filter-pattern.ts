// FilterLogEvents' filterPattern, for unstructured log lines. What is supported, as in CloudWatch
// Logs, matching case-sensitively anywhere in the message:
//   (empty)              every event
//   ERROR Exception      events containing every term
//   "Failed to start"    a quoted phrase is one term (\" and \\ escape inside it)
//   ?ERROR ?WARN         events containing any of the ?-terms (and every plain term, if any)
//   ERROR -Throttling    events containing ERROR but not Throttling
//   %regex%              events matching the regular expression, in RE2 syntax (see ../user-regex.ts):
//                        no backreferences or lookarounds; CloudWatch's own subset is smaller still.
//                        Matched in a worker thread, each batch of events within a time limit
// JSON patterns ({ $.field = ... }) and space-delimited ones ([ip, user, ...]) are refused with
// a clear message rather than matched wrongly.

import { matchOffThread } from '../regex-off-thread.ts';
import { compileUserRegex, UserRegexError } from '../user-regex.ts';
import type { MessageFilter } from './log-store.ts';

export class FilterPatternError extends Error {}

interface Term {
  text: string;
  kind: 'all' | 'any' | 'none';
}

function parseTerms(pattern: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  while (i < pattern.length) {
    if (/\s/.test(pattern[i]!)) {
      i++;
      continue;
    }
    let kind: Term['kind'] = 'all';
    if (pattern[i] === '?' || pattern[i] === '-') {
      kind = pattern[i] === '?' ? 'any' : 'none';
      i++;
    }
    let text = '';
    if (pattern[i] === '"') {
      i++;
      let closed = false;
      while (i < pattern.length) {
        const c = pattern[i]!;
        if (c === '\\' && i + 1 < pattern.length) {
          text += pattern[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          closed = true;
          break;
        } else {
          text += c;
          i++;
        }
      }
      if (!closed)
        throw new FilterPatternError(`Invalid filter pattern: unterminated quoted term in ${JSON.stringify(pattern)}`);
    } else {
      while (i < pattern.length && !/\s/.test(pattern[i]!)) text += pattern[i++];
    }
    if (!text) throw new FilterPatternError(`Invalid filter pattern: empty term in ${JSON.stringify(pattern)}`);
    terms.push({ text, kind });
  }
  return terms;
}

/** How long a %regex% may take over one batch of events (file-log-store.ts reads ≤ 256 KiB at a time). */
export const REGEX_BATCH_LIMIT_MS = 5_000;

/** A filter of messages; throws FilterPatternError for a pattern it cannot match faithfully. */
export function compileFilterPattern(pattern: string | undefined): MessageFilter {
  const p = (pattern ?? '').trim();
  if (!p) return () => true;
  if (p.startsWith('{'))
    throw new FilterPatternError(
      'JSON filter patterns ({ $.field ... }) are not supported by this server; use terms, "quoted phrases", ' +
        '?any, -exclude or %regex%',
    );
  if (p.startsWith('['))
    throw new FilterPatternError(
      'Space-delimited filter patterns ([w1, w2, ...]) are not supported by this server; use terms, ' +
        '"quoted phrases", ?any, -exclude or %regex%',
    );
  if (p.length >= 2 && p.startsWith('%') && p.endsWith('%')) {
    const source = p.slice(1, -1);
    try {
      // Compiled here only to refuse what RE2 cannot run, with the reason; it runs in a worker.
      compileUserRegex(source);
    } catch (err) {
      if (!(err instanceof UserRegexError)) throw err;
      throw new FilterPatternError(
        `Invalid filter pattern ${JSON.stringify(p)}: ${err.message}; %regex% patterns use RE2 syntax here`,
      );
    }
    return {
      batch: async (messages) =>
        (await matchOffThread('filter', [source], messages, REGEX_BATCH_LIMIT_MS)).results.map(([m]) => m !== null),
    };
  }
  const terms = parseTerms(p);
  const all = terms.filter((t) => t.kind === 'all').map((t) => t.text);
  const any = terms.filter((t) => t.kind === 'any').map((t) => t.text);
  const none = terms.filter((t) => t.kind === 'none').map((t) => t.text);
  return (message) =>
    all.every((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t))) &&
    !none.some((t) => message.includes(t));
}
