// The fixtures are vitest 4.1's own JSON reports, unedited, from throwaway projects laid out like
// this repository (built under /tmp/vt-probe, hence the paths in them): "green" passes everywhere;
// "red" has one file per way a file can fail (a failing assertion, beforeAll throwing inside and
// outside a describe, a hook timing out, a throw at import, a syntax error, afterAll throwing
// inside and outside a describe), a skipped and a todo test, and db.int.test.ts whose beforeAll
// throws only on PostgreSQL. The PostgreSQL reports rerun apps/server/test as scripts/test.sh does.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countReport, firstLine, parseRunArg, summarize } from './summarize-tests-lib.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`fixtures/${name}.json`, import.meta.url), 'utf8'));
const GREEN = '/tmp/vt-probe/green';
const RED = '/tmp/vt-probe/red';
const lineFor = (notes, path) => notes.filter((n) => n.includes(` ${path}:`));

describe('parseRunArg', () => {
  it('reads the rerun and exit markers test.sh puts before FILE:LABEL', () => {
    expect(parseRunArg('/tmp/r/sqlite.json:SQLite (unit + integration)')).toEqual({
      file: '/tmp/r/sqlite.json',
      label: 'SQLite (unit + integration)',
      rerun: false,
      exitCode: undefined,
    });
    expect(parseRunArg('rerun:exit=1:/tmp/r/pg.json:PostgreSQL (integration): again')).toEqual({
      file: '/tmp/r/pg.json',
      label: 'PostgreSQL (integration): again',
      rerun: true,
      exitCode: 1,
    });
  });
});

describe('firstLine', () => {
  it('strips colours and joins a line that only announces the next one', () => {
    const syntax = fixture('red-sqlite').testResults.find((f) => f.name.endsWith('syntax.int.test.ts'));
    expect(firstLine(syntax.message)).toBe('Transform failed with 1 error: [PARSE_ERROR] Unexpected token');
  });
});

describe('countReport', () => {
  const red = countReport(fixture('red-sqlite'), RED);

  it('counts tests a throwing beforeAll kept from running as failed, not skipped', () => {
    // vitest itself says numFailedTests 1 and numPendingTests 5 for this run.
    const raw = fixture('red-sqlite');
    expect([raw.numFailedTests, raw.numPendingTests]).toEqual([1, 5]);
    expect(lineFor(red.notes, 'apps/server/test/setup.int.test.ts')).toEqual([
      '  FAILED apps/server/test/setup.int.test.ts: 3 tests did not run: a hook in a describe block failed ' +
        '(its error is only in the output above)',
    ]);
    expect(lineFor(red.notes, 'apps/server/test/timeout.int.test.ts')).toEqual([
      '  FAILED apps/server/test/timeout.int.test.ts: 1 test did not run: Hook timed out in 300ms.',
    ]);
  });

  it('counts a file that failed outside its tests as one failure', () => {
    expect(lineFor(red.notes, 'apps/server/test/load.int.test.ts')).toEqual([
      '  FAILED apps/server/test/load.int.test.ts: no test was collected: TESSERA_SECRET is not set',
    ]);
    expect(lineFor(red.notes, 'apps/server/test/teardown-top.int.test.ts')).toEqual([
      '  FAILED apps/server/test/teardown-top.int.test.ts: its 1 test passed but the file failed: server did not stop',
    ]);
    expect(lineFor(red.notes, 'apps/server/test/teardown.int.test.ts')).toHaveLength(1);
    expect(lineFor(red.notes, 'apps/server/test/syntax.int.test.ts')).toHaveLength(1);
  });

  it('names a failing test with the first line of its error', () => {
    expect(lineFor(red.notes, 'apps/server/src/assert.test.ts')).toEqual([
      '  FAILED apps/server/src/assert.test.ts: 1 test failed ' +
        '(adds: AssertionError: expected 2 to be 3 // Object.is equality)',
    ]);
  });

  it('reports skipped and todo tests by name', () => {
    expect(lineFor(red.notes, 'apps/server/src/ok.test.ts')).toEqual([
      '  NOT RUN apps/server/src/ok.test.ts: 1 skipped, 1 todo: ok is skipped; ok is a todo',
    ]);
  });

  it('adds up: assert 1 + setup 3 + timeout 1 + load, syntax, teardown, teardown-top 1 each', () => {
    expect({ files: red.files, passed: red.passed, failed: red.failed, skipped: red.skipped, todo: red.todo }).toEqual({
      files: 10,
      passed: 9,
      failed: 9,
      skipped: 1,
      todo: 1,
    });
    expect(red.units).toHaveLength(20);
  });
});

describe('summarize', () => {
  it('counts a PostgreSQL rerun once, on its own line, and passes when all passed', () => {
    const { lines, ok } = summarize(
      [
        { label: 'SQLite (unit + integration)', rerun: false, exitCode: 0, report: fixture('green-sqlite') },
        { label: 'PostgreSQL (integration)', rerun: true, exitCode: 0, report: fixture('green-postgresql') },
        { label: 'Chromium (end to end)', rerun: false, exitCode: 0, report: fixture('green-e2e') },
      ],
      GREEN,
    );
    expect(lines).toEqual([
      'SQLite (unit + integration): 6 passed, 0 failed in 3 files',
      'Chromium (end to end): 2 passed, 0 failed in 1 file',
      'PostgreSQL (integration), rerun of 2 of the tests above: 2 passed, 0 failed in 1 file',
      'Total: 8 tests, 8 passed, 0 failed (PostgreSQL rerun: 2 passed, 0 failed)',
    ]);
    expect(ok).toBe(true);
  });

  it('fails on a failing rerun though the tests it reran passed the first time', () => {
    // db.int.test.ts passed on SQLite and its beforeAll threw on PostgreSQL.
    const only = (name) => {
      const report = fixture(name);
      return { ...report, testResults: report.testResults.filter((f) => f.name.endsWith('db.int.test.ts')) };
    };
    const { lines, ok } = summarize(
      [
        { label: 'SQLite', rerun: false, report: only('red-sqlite') },
        { label: 'PostgreSQL (integration)', rerun: true, exitCode: 1, report: only('red-postgresql') },
      ],
      RED,
    );
    expect(lines).toEqual([
      'SQLite: 2 passed, 0 failed in 1 file',
      'PostgreSQL (integration), rerun of 2 of the tests above: 0 passed, 2 failed in 1 file',
      '  FAILED apps/server/test/db.int.test.ts: 2 tests did not run: connect ECONNREFUSED 127.0.0.1:5432',
      'Total: 2 tests, 2 passed, 0 failed (PostgreSQL rerun: 0 passed, 2 failed)',
    ]);
    expect(ok).toBe(false);
  });

  it('closes red on the failure fixtures and a run that wrote no report', () => {
    const { lines, ok } = summarize(
      [
        { label: 'SQLite (unit + integration)', rerun: false, exitCode: 1, report: fixture('red-sqlite') },
        { label: 'PostgreSQL (integration)', rerun: true, exitCode: 1, report: fixture('red-postgresql') },
        { label: 'Chromium (end to end)', rerun: false, exitCode: 1, report: null },
      ],
      RED,
    );
    expect(lines).toContain('Chromium (end to end): no results (the run did not finish)');
    expect(lines).toContain('PostgreSQL (integration), rerun of 15 of the tests above: 5 passed, 10 failed in 8 files');
    expect(lines.at(-1)).toBe(
      'Total: 20 tests, 9 passed, 9 failed, 1 skipped, 1 todo ' +
        '(PostgreSQL rerun: 5 passed, 10 failed); Chromium (end to end) has no results',
    );
    expect(ok).toBe(false);
  });

  it('fails on skipped tests alone', () => {
    const ok = fixture('red-sqlite').testResults.filter((f) => f.name.endsWith('ok.test.ts'));
    const result = summarize([{ label: 'SQLite', report: { ...fixture('red-sqlite'), testResults: ok } }], RED);
    expect(result.lines.at(-1)).toBe('Total: 3 tests, 1 passed, 0 failed, 1 skipped, 1 todo');
    expect(result.ok).toBe(false);
  });

  it('fails on a non-zero exit its report does not explain (an unhandled error is not in the JSON)', () => {
    const unhandled = fixture('red-sqlite').testResults.filter((f) => f.name.endsWith('unhandled.int.test.ts'));
    const { lines, ok } = summarize(
      [{ label: 'SQLite', exitCode: 1, report: { ...fixture('red-sqlite'), testResults: unhandled } }],
      RED,
    );
    expect(lines).toEqual([
      'SQLite: 1 passed, 0 failed in 1 file',
      '  vitest exited with status 1 though its report shows no failure ' +
        '(an unhandled error? see "Errors" in its output above)',
      'Total: 1 test, 1 passed, 0 failed; SQLite exited with status 1',
    ]);
    expect(ok).toBe(false);
  });
});
