// Prints what ran in each vitest run and one closing line over all of them:
// "Total: N passed, M failed" (plus skipped, if any — there should be none).
import { existsSync, readFileSync } from 'node:fs';

let passed = 0, failed = 0, skipped = 0, missing = 0;
for (const arg of process.argv.slice(2)) {
  const [file, label] = arg.split(':');
  if (!existsSync(file)) {
    console.log(`${label}: no results (the run did not finish)`);
    missing++;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const s = r.numPendingTests + r.numTodoTests;
  console.log(`${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed${s ? `, ${s} skipped` : ''} in ${r.numTotalTestSuites} suites`);
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += s;
}
console.log(`Total: ${passed} passed, ${failed + missing} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed + missing ? 1 : 0);
