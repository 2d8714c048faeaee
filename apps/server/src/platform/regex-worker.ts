// The worker thread that matches users' regular expressions (see regex-off-thread.ts).
import { parentPort } from 'node:worker_threads';
import type RE2 from 're2';
import { compileUserRegex } from './user-regex.ts';

export interface MatchRequest {
  patterns: string[];
  texts: string[];
}

/** Per text, per pattern: null where it does not match, else its first group (or the whole match). */
export interface MatchResponse {
  results?: (string | null)[][];
  error?: string;
}

// A job's MetricDefinitions or a filter's pattern come again batch after batch.
const compiled = new Map<string, RE2>();
const MAX_COMPILED = 256;

function regex(source: string): RE2 {
  let re = compiled.get(source);
  if (!re) {
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    re = compileUserRegex(source);
    compiled.set(source, re);
  }
  return re;
}

parentPort!.on('message', (req: MatchRequest) => {
  try {
    const res = req.patterns.map(regex);
    const results = req.texts.map((text) =>
      res.map((re) => {
        const m = re.exec(text);
        return m ? (m[1] ?? m[0]) : null;
      }),
    );
    parentPort!.postMessage({ results } satisfies MatchResponse);
  } catch (err) {
    parentPort!.postMessage({ error: (err as Error).message } satisfies MatchResponse);
  }
});
