// The counting behind summarize-tests.mjs, kept free of files and process state so
// summarize-tests.test.mjs can feed it real vitest JSON reports (scripts/fixtures/).
//
// What vitest 4's JSON reporter writes, and why the counting below does not trust its totals:
// - a beforeAll that throws marks the file "failed" but lists the tests it kept from running as
//   "skipped" (numPendingTests counts them, numFailedTests does not), so they are counted as failed;
// - a file that fails to load (syntax error, throw at import) lists no test at all, so the file
//   itself counts as one failure;
// - an afterAll that throws leaves its tests "passed" and the file "failed": again one failure;
// - testResults[].message holds only a file-level error: a hook inside a describe block that fails
//   leaves it "", its error is only in the run's console output;
// - numTotalTestSuites counts describe blocks too, so files are counted from testResults.

const ANSI = /\x1b\[[0-9;]*m/g;
const MAX_REASON = 200;

// One argument per vitest run: "[rerun:][exit=N:]FILE:LABEL". scripts/test.sh says which run
// repeats tests of the others (rerun:) and how vitest exited (exit=N), since the report can look
// clean when vitest failed (an unhandled error is not in the JSON).
export function parseRunArg(arg) {
  let rest = arg,
    rerun = false,
    exitCode;
  for (;;) {
    const m = /^(rerun|exit=(\d+)):/.exec(rest);
    if (!m) break;
    if (m[1] === 'rerun') rerun = true;
    else exitCode = Number(m[2]);
    rest = rest.slice(m[0].length);
  }
  const colon = rest.indexOf(':');
  if (colon < 0) return { file: rest, label: rest, rerun, exitCode };
  return { file: rest.slice(0, colon), label: rest.slice(colon + 1), rerun, exitCode };
}

// The first line of an error a reader can act on: ANSI colours stripped, and a line that only
// announces what follows ("Transform failed with 1 error:") joined with the next one.
export function firstLine(message) {
  const lines = String(message ?? '')
    .replace(ANSI, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  let line = lines[0] ?? '';
  if (line.endsWith(':') && lines[1]) line = `${line} ${lines[1]}`;
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}

function relative(file, root) {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return root && file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

// Counts one report. Each test becomes a unit { key, status } (status: passed, failed, skipped or
// todo); a file that failed with none of its tests failing adds a unit of its own. `notes` are
// the lines naming the files that failed or skipped something.
export function countReport(report, root = '') {
  const units = [];
  const notes = [];
  for (const file of report.testResults) {
    const path = relative(file.name, root);
    const fileFailed = file.status === 'failed';
    const failedTests = [],
      notRun = [],
      skipped = [],
      todo = [];
    let passed = 0;
    const seen = new Map();
    for (const t of file.assertionResults) {
      // Two tests may share a name; the occurrence number keeps them distinct units.
      const n = (seen.get(t.fullName) ?? 0) + 1;
      seen.set(t.fullName, n);
      const key = `${file.name}\0${t.fullName}\0${n}`;
      let status;
      if (t.status === 'passed') {
        status = 'passed';
        passed++;
      } else if (t.status === 'failed') {
        status = 'failed';
        failedTests.push(t);
      }
      // In a failed file a test that did not run was kept from running by the failure (a
      // beforeAll); vitest writes "skipped" even for it.skip/it.todo there, so they cannot be told apart.
      else if (fileFailed) {
        status = 'failed';
        notRun.push(t);
      } else if (t.status === 'todo') {
        status = 'todo';
        todo.push(t);
      }
      // "skipped", and "pending" (vitest's word for a test still queued or running at the end).
      else {
        status = 'skipped';
        skipped.push(t);
      }
      units.push({ key, status });
    }
    const reason = firstLine(file.message);
    if (fileFailed || failedTests.length) {
      const parts = [];
      if (failedTests.length) {
        const first = failedTests[0];
        const why = firstLine(first.failureMessages?.[0]);
        parts.push(
          `${plural(failedTests.length, 'test')} failed (${failedTests.length > 1 ? 'first: ' : ''}` +
            `${first.fullName}${why ? `: ${why}` : ''})`,
        );
      }
      if (notRun.length) parts.push(`${plural(notRun.length, 'test')} did not run`);
      if (!failedTests.length && !notRun.length) {
        units.push({ key: `${file.name}\0(file)\0`, status: 'failed' });
        parts.push(passed ? `its ${plural(passed, 'test')} passed but the file failed` : 'no test was collected');
      }
      let line = `  FAILED ${path}: ${parts.join(', ')}`;
      if (reason) line += `: ${reason}`;
      else if (fileFailed && !failedTests.length) {
        line += ': a hook in a describe block failed (its error is only in the output above)';
      }
      notes.push(line);
    }
    if (skipped.length || todo.length) {
      const names = [...skipped, ...todo].map((t) => t.fullName);
      const shown = names.slice(0, 3).join('; ') + (names.length > 3 ? `; and ${names.length - 3} more` : '');
      const counts = [skipped.length && `${skipped.length} skipped`, todo.length && `${todo.length} todo`];
      notes.push(`  NOT RUN ${path}: ${counts.filter(Boolean).join(', ')}: ${shown}`);
    }
  }
  const tally = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  for (const u of units) tally[u.status]++;
  return { files: report.testResults.length, units, notes, ...tally };
}

function counts(c) {
  const parts = [`${c.passed} passed`, `${c.failed} failed`];
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  if (c.todo) parts.push(`${c.todo} todo`);
  return parts.join(', ');
}

// runs: [{ label, rerun, exitCode, report }] with report null when the run wrote none.
// Returns the lines to print and whether everything ran and passed. The runs that are not
// reruns count every test once; a rerun gets its own line and counts in the total only for tests
// no other run had.
export function summarize(runs, root = '') {
  const lines = [];
  const total = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  const rerunTotals = [];
  const problems = [];
  let rerunsPassed = true;
  const counted = new Map();
  const ordered = [...runs.filter((r) => !r.rerun), ...runs.filter((r) => r.rerun)];
  for (const run of ordered) {
    if (!run.report) {
      lines.push(`${run.label}: no results (the run did not finish)`);
      problems.push(`${run.label} has no results`);
      continue;
    }
    const c = countReport(run.report, root);
    let heading = run.label;
    const fresh = [];
    if (run.rerun) {
      for (const u of c.units) {
        const left = counted.get(u.key) ?? 0;
        if (left) counted.set(u.key, left - 1);
        else fresh.push(u);
      }
      const again = c.units.length - fresh.length;
      heading += `, rerun of ${again} of the tests above`;
      if (fresh.length) heading += ` (and ${fresh.length} not in them)`;
      rerunTotals.push(`${run.label.replace(/\s*\(.*$/, '')} rerun: ${counts(c)}`);
    } else {
      fresh.push(...c.units);
      for (const u of c.units) counted.set(u.key, (counted.get(u.key) ?? 0) + 1);
    }
    for (const u of fresh) total[u.status]++;
    lines.push(`${heading}: ${counts(c)} in ${plural(c.files, 'file')}`);
    lines.push(...c.notes);
    if (c.files === 0) problems.push(`${run.label} ran no test file`);
    // A rerun's failures are in the closing line's parenthesis, not its count, yet fail the whole.
    if (run.rerun && (c.failed || c.skipped || c.todo)) rerunsPassed = false;
    if (run.exitCode && !c.failed) {
      lines.push(
        `  vitest exited with status ${run.exitCode} though its report shows no failure ` +
          '(an unhandled error? see "Errors" in its output above)',
      );
      problems.push(`${run.label} exited with status ${run.exitCode}`);
    }
  }
  const tests = total.passed + total.failed + total.skipped + total.todo;
  let closing = `Total: ${plural(tests, 'test')}, ${counts(total)}`;
  if (rerunTotals.length) closing += ` (${rerunTotals.join('; ')})`;
  if (problems.length) closing += `; ${problems.join('; ')}`;
  lines.push(closing);
  const ok = rerunsPassed && !problems.length && !total.failed && !total.skipped && !total.todo;
  return { lines, ok };
}
