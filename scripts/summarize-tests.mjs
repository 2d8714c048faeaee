// Prints what ran in each vitest run (naming the files that failed or skipped tests) and one
// closing "Total:" line that counts each test once; exits 1 unless every run reported and every
// test ran and passed. Arguments: "[rerun:][exit=N:]FILE:LABEL" per run, see summarize-tests-lib.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { parseRunArg, summarize } from './summarize-tests-lib.mjs';

const runs = process.argv.slice(2).map((arg) => {
  const run = parseRunArg(arg);
  return { ...run, report: existsSync(run.file) ? JSON.parse(readFileSync(run.file, 'utf8')) : null };
});
const { lines, ok } = summarize(runs, process.cwd());
for (const line of lines) console.log(line);
process.exit(ok ? 0 : 1);
