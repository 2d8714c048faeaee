import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@tessera/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TesseraEvent } from '../events/bus.ts';
import { createFileLogStore, streamKey } from './file-log-store.ts';
import { LogStoreError, type LogReader, type LogStore } from './log-store.ts';
import { MAX_MESSAGE_BYTES } from './stream-file.ts';

const admin: LogReader = { userId: 'admin', isAdmin: true };
const alice: LogReader = { userId: 'alice', isAdmin: false };
const bob: LogReader = { userId: 'bob', isAdmin: false };
const owned = (ownerUserId: string | null) => ({
  ownerUserId,
  resourceArn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/t',
});

let dir: string;
let database: Database;
let published: Omit<TesseraEvent, 'time'>[];
let clock = 1_000_000;
let store: LogStore;
const reopen = () => createFileLogStore({ db: database.prisma, dir: join(dir, 'logs'), now: () => clock });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-logs-'));
  database = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
  published = [];
  store = createFileLogStore({
    db: database.prisma,
    dir: join(dir, 'logs'),
    publish: (e) => published.push(e),
    now: () => clock,
  });
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const events = (from: number, n: number, prefix = 'line') =>
  Array.from({ length: n }, (_, i) => ({ timestamp: from + i, message: `${prefix} ${from + i}` }));
const messages = (page: { events: { message: string }[] }) => page.events.map((e) => e.message);

describe('FileLogStore: appending', () => {
  it('creates the stream on first use, keeps its metadata in a row and publishes each batch to the owner', async () => {
    clock = 2_000;
    await store.append('/aws/sagemaker/TrainingJobs', 'job-a/algo-1-1', events(100, 3), owned('alice'));
    clock = 3_000;
    await store.append(
      '/aws/sagemaker/TrainingJobs',
      'job-a/algo-1-1',
      [
        { timestamp: 50, message: 'late' },
        { timestamp: 200, message: 'last' },
      ],
      owned('alice'),
    );
    const [info] = await store.describeStreams(alice, '/aws/sagemaker/TrainingJobs', {
      orderBy: 'LogStreamName',
      descending: false,
      limit: 10,
    });
    expect(info).toMatchObject({
      logStreamName: 'job-a/algo-1-1',
      creationTime: 2_000,
      firstEventTimestamp: 50,
      lastEventTimestamp: 200,
      lastIngestionTime: 3_000,
    });
    expect(info!.storedBytes).toBeGreaterThan(0);
    expect(await store.lastTimestamp('/aws/sagemaker/TrainingJobs', 'job-a/algo-1-1')).toBe(200);
    expect(await store.lastTimestamp('/aws/sagemaker/TrainingJobs', 'nothing')).toBeUndefined();
    expect(published).toHaveLength(2);
    expect(published[1]).toEqual({
      type: 'log',
      resourceArn: owned('alice').resourceArn,
      detail: {
        logGroupName: '/aws/sagemaker/TrainingJobs',
        logStreamName: 'job-a/algo-1-1',
        events: [
          { timestamp: 50, message: 'late', ingestionTime: 3_000 },
          { timestamp: 200, message: 'last', ingestionTime: 3_000 },
        ],
      },
      audienceUserIds: ['alice'],
    });
  });

  it('keeps any group and stream name safe on disk, and concurrent appends to one stream in call order', async () => {
    const group = '../../etc/passwd';
    const stream = 'a/../../b\u00e9\u{1F600}\n';
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.append(group, stream, [{ timestamp: i, message: `m${i}` }], owned('alice')),
      ),
    );
    const page = await store.getEvents(alice, group, stream, { startFromHead: true, limit: 100 });
    expect(messages(page)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    const key = streamKey(group, stream);
    expect(readdirSync(join(dir, 'logs', key.slice(0, 2)))).toContain(`${key}.jsonl`);
  });

  it('cuts messages longer than CloudWatch allows, on a character boundary', async () => {
    await store.append('g-clip', 's', [{ timestamp: 1, message: 'é'.repeat(MAX_MESSAGE_BYTES) }], owned('alice'));
    const [e] = (await store.getEvents(alice, 'g-clip', 's', { startFromHead: true, limit: 1 })).events;
    expect(Buffer.byteLength(e!.message)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(e!.message).toMatch(/^é+$/);
  });
});

describe('FileLogStore: reading a stream', () => {
  const g = 'g-read';
  const s = 'algo-1';
  beforeAll(async () => {
    await store.append(g, s, events(1, 10), owned('alice'));
  });

  it('pages forward from the head with positions, and hands back the same position at the end', async () => {
    const first = await store.getEvents(alice, g, s, { startFromHead: true, limit: 4 });
    expect(messages(first)).toEqual(['line 1', 'line 2', 'line 3', 'line 4']);
    expect(first.backward).toBe(0);
    const second = await store.getEvents(alice, g, s, {
      from: { position: first.forward, direction: 'forward' },
      limit: 4,
    });
    expect(messages(second)).toEqual(['line 5', 'line 6', 'line 7', 'line 8']);
    expect(second.backward).toBe(first.forward);
    const third = await store.getEvents(alice, g, s, {
      from: { position: second.forward, direction: 'forward' },
      limit: 4,
    });
    expect(messages(third)).toEqual(['line 9', 'line 10']);
    const end = await store.getEvents(alice, g, s, {
      from: { position: third.forward, direction: 'forward' },
      limit: 4,
    });
    expect(end.events).toEqual([]);
    expect(end.forward).toBe(third.forward);
    expect(end.backward).toBe(third.forward);

    // Tailing: what is appended later is found from the same position, by a fresh store too.
    await store.append(g, s, events(11, 2), owned('alice'));
    const more = await reopen().getEvents(alice, g, s, {
      from: { position: end.forward, direction: 'forward' },
      limit: 100,
    });
    expect(messages(more)).toEqual(['line 11', 'line 12']);
  });

  it('reads the newest events by default and pages backward to the start', async () => {
    const latest = await store.getEvents(alice, g, s, { limit: 5 });
    expect(messages(latest)).toEqual(['line 8', 'line 9', 'line 10', 'line 11', 'line 12']);
    const older = await store.getEvents(alice, g, s, {
      from: { position: latest.backward, direction: 'backward' },
      limit: 5,
    });
    expect(messages(older)).toEqual(['line 3', 'line 4', 'line 5', 'line 6', 'line 7']);
    expect(older.forward).toBe(latest.backward);
    const oldest = await store.getEvents(alice, g, s, {
      from: { position: older.backward, direction: 'backward' },
      limit: 5,
    });
    expect(messages(oldest)).toEqual(['line 1', 'line 2']);
    expect(oldest.backward).toBe(0);
    const none = await store.getEvents(alice, g, s, { from: { position: 0, direction: 'backward' }, limit: 5 });
    expect(none).toEqual({ events: [], forward: 0, backward: 0 });
  });

  it('keeps startTime inclusive and endTime exclusive in both directions', async () => {
    expect(
      messages(await store.getEvents(alice, g, s, { startFromHead: true, startTime: 3, endTime: 6, limit: 100 })),
    ).toEqual(['line 3', 'line 4', 'line 5']);
    expect(messages(await store.getEvents(alice, g, s, { startTime: 3, endTime: 6, limit: 2 }))).toEqual([
      'line 4',
      'line 5',
    ]);
  });

  it('stops at maxBytes but always returns at least one event', async () => {
    const page = await store.getEvents(alice, g, s, { startFromHead: true, limit: 100, maxBytes: 1 });
    expect(messages(page)).toEqual(['line 1']);
  });

  it('refuses positions that are not between two events, and hides streams from other users', async () => {
    const bad = await store
      .getEvents(alice, g, s, { from: { position: 3, direction: 'forward' }, limit: 1 })
      .catch((e) => e);
    expect(bad).toBeInstanceOf(LogStoreError);
    expect(bad.code).toBe('BadPosition');
    const beyond = await store
      .getEvents(alice, g, s, { from: { position: 1e9, direction: 'forward' }, limit: 1 })
      .catch((e) => e);
    expect(beyond.code).toBe('BadPosition');
    expect((await store.getEvents(bob, g, s, { limit: 1 }).catch((e) => e)).code).toBe('NoSuchGroup');
    expect((await store.getEvents(alice, g, 'nope', { limit: 1 }).catch((e) => e)).code).toBe('NoSuchStream');
    expect((await store.getEvents(admin, g, s, { startFromHead: true, limit: 1 })).events).toHaveLength(1);
  });

  it('never shows a line still being written, and never glues the next event onto it', async () => {
    const g2 = 'g-partial';
    await store.append(g2, s, events(1, 2), owned('alice'));
    const file = join(dir, 'logs', streamKey(g2, s).slice(0, 2), `${streamKey(g2, s)}.jsonl`);
    appendFileSync(file, '[3,3,"half a li');
    const tail = await store.getEvents(alice, g2, s, { limit: 10 });
    expect(messages(tail)).toEqual(['line 1', 'line 2']);
    const head = await store.getEvents(alice, g2, s, { startFromHead: true, limit: 10 });
    expect(messages(head)).toEqual(['line 1', 'line 2']);
    await store.append(g2, s, events(4, 1), owned('alice'));
    expect(
      messages(
        await store.getEvents(alice, g2, s, { from: { position: head.forward, direction: 'forward' }, limit: 10 }),
      ),
    ).toEqual(['line 4']);
    expect(await store.lastTimestamp(g2, s)).toBe(4);
  });

  it('reads long and short lines across chunk boundaries the same forward and backward', async () => {
    const g3 = 'g-chunks';
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const all = Array.from({ length: 300 }, (_, i) => ({
      timestamp: i,
      message: `${i}:${'x'.repeat(Math.floor(rand() ** 4 * 150_000))}`,
    }));
    await store.append(g3, s, all, owned('alice'));
    const want = all.map((e) => e.message);
    const fwd: string[] = [];
    let page = await store.getEvents(alice, g3, s, { startFromHead: true, limit: 7 });
    while (page.events.length) {
      fwd.push(...messages(page));
      page = await store.getEvents(alice, g3, s, { from: { position: page.forward, direction: 'forward' }, limit: 7 });
    }
    expect(fwd).toEqual(want);
    const back: string[][] = [];
    page = await store.getEvents(alice, g3, s, { limit: 11 });
    while (page.events.length) {
      back.unshift(messages(page));
      page = await store.getEvents(alice, g3, s, {
        from: { position: page.backward, direction: 'backward' },
        limit: 11,
      });
    }
    expect(back.flat()).toEqual(want);
  });
});

describe('FileLogStore: groups, streams and filtering', () => {
  const g = '/aws/sagemaker/Endpoints/ep';
  beforeAll(async () => {
    clock = 10_000;
    await store.append(
      g,
      'b-variant/i-1',
      [
        { timestamp: 300, message: 'ERROR b1' },
        { timestamp: 500, message: 'ok b2' },
      ],
      owned('alice'),
    );
    clock = 10_001;
    await store.append(
      g,
      'a-variant/i-1',
      [
        { timestamp: 100, message: 'ok a1' },
        { timestamp: 400, message: 'ERROR a2 Throttling' },
      ],
      owned('alice'),
    );
    clock = 10_002;
    await store.append(g, 'c-variant/i-1', [{ timestamp: 200, message: 'ERROR c1' }], owned('bob'));
  });

  it('lists groups holding a visible stream, by name with a prefix and paging', async () => {
    const names = async (r: LogReader, opts: Parameters<LogStore['describeGroups']>[1]) =>
      (await store.describeGroups(r, opts)).map((x) => x.logGroupName);
    expect(await names(bob, { limit: 50 })).toEqual([g]);
    expect(await names(alice, { prefix: '/aws/sagemaker/', limit: 50 })).toEqual([g, '/aws/sagemaker/TrainingJobs']);
    expect(await names(alice, { prefix: '/aws/sagemaker/', after: g, limit: 50 })).toEqual([
      '/aws/sagemaker/TrainingJobs',
    ]);
    expect(await names(alice, { contains: 'Endpoints', limit: 50 })).toEqual([g]);
    expect(await names(alice, { contains: 'endpoints', limit: 50 })).toEqual([]);
    const [mine] = await store.describeGroups(bob, { prefix: g, limit: 1 });
    expect(mine!.creationTime).toBe(10_002);
  });

  it("lists streams by name or last event time, either way, with a prefix, and only the reader's", async () => {
    const list = async (r: LogReader, opts: Partial<Parameters<LogStore['describeStreams']>[2]>) =>
      (await store.describeStreams(r, g, { orderBy: 'LogStreamName', descending: false, limit: 50, ...opts })).map(
        (x) => x.logStreamName,
      );
    expect(await list(alice, {})).toEqual(['a-variant/i-1', 'b-variant/i-1']);
    expect(await list(admin, { descending: true })).toEqual(['c-variant/i-1', 'b-variant/i-1', 'a-variant/i-1']);
    expect(await list(admin, { orderBy: 'LastEventTime' })).toEqual([
      'c-variant/i-1',
      'a-variant/i-1',
      'b-variant/i-1',
    ]);
    expect(await list(admin, { orderBy: 'LastEventTime', descending: true, limit: 1 })).toEqual(['b-variant/i-1']);
    const [first] = await store.describeStreams(admin, g, { orderBy: 'LastEventTime', descending: true, limit: 1 });
    expect(await list(admin, { orderBy: 'LastEventTime', descending: true, after: first })).toEqual([
      'a-variant/i-1',
      'c-variant/i-1',
    ]);
    expect(await list(admin, { prefix: 'b-' })).toEqual(['b-variant/i-1']);
    expect(await list(admin, { prefix: 'B-' })).toEqual([]);
    expect(
      (
        await store
          .describeStreams(bob, 'no-such-group', { orderBy: 'LogStreamName', descending: false, limit: 5 })
          .catch((e) => e)
      ).code,
    ).toBe('NoSuchGroup');
  });

  it('filters across streams, interleaved by timestamp, and resumes where a page stopped', async () => {
    const all = await store.filterEvents(admin, g, { matches: () => true, limit: 100 });
    expect(all.events.map((e) => `${e.logStreamName}@${e.timestamp}`)).toEqual([
      'a-variant/i-1@100',
      'c-variant/i-1@200',
      'b-variant/i-1@300',
      'a-variant/i-1@400',
      'b-variant/i-1@500',
    ]);
    expect(all.resume).toBeUndefined();
    expect(new Set(all.events.map((e) => e.eventId)).size).toBe(5);

    const errors = await store.filterEvents(alice, g, { matches: (m) => m.includes('ERROR'), limit: 100 });
    expect(errors.events.map((e) => e.message)).toEqual(['ERROR b1', 'ERROR a2 Throttling']);
    const windowed = await store.filterEvents(admin, g, {
      matches: () => true,
      startTime: 200,
      endTime: 400,
      limit: 100,
    });
    expect(windowed.events.map((e) => e.timestamp)).toEqual([200, 300, 400]);
    const named = await store.filterEvents(admin, g, {
      streamNames: ['b-variant/i-1'],
      matches: () => true,
      limit: 100,
    });
    expect(named.searched).toEqual([{ logStreamName: 'b-variant/i-1', searchedCompletely: true }]);

    const seen: number[] = [];
    let resume: Record<string, number> | undefined;
    do {
      const page = await store.filterEvents(admin, g, { matches: () => true, limit: 2, resume });
      seen.push(...page.events.map((e) => e.timestamp));
      resume = page.resume;
    } while (resume);
    expect(seen).toEqual([100, 200, 300, 400, 500]);
    expect(
      (await store.filterEvents(bob, 'no-such-group', { matches: () => true, limit: 1 }).catch((e) => e)).code,
    ).toBe('NoSuchGroup');
  });

  it('stops a filter that has read its budget, says the streams are not searched completely, and resumes', async () => {
    const big = 'g-budget';
    await store.append(
      big,
      'one',
      Array.from({ length: 2000 }, (_, i) => ({
        timestamp: i,
        message: `${i % 500 === 0 ? 'NEEDLE' : 'hay'} ${'x'.repeat(100)}`,
      })),
      owned('alice'),
    );
    const small = createFileLogStore({ db: database.prisma, dir: join(dir, 'logs'), filterScanBudget: 32 * 1024 });
    const found: number[] = [];
    let resume: Record<string, number> | undefined;
    let calls = 0;
    do {
      const page = await small.filterEvents(alice, big, { matches: (m) => m.startsWith('NEEDLE'), limit: 100, resume });
      found.push(...page.events.map((e) => e.timestamp));
      if (page.resume) expect(page.searched).toEqual([{ logStreamName: 'one', searchedCompletely: false }]);
      resume = page.resume;
      calls++;
    } while (resume);
    expect(found).toEqual([0, 500, 1000, 1500]);
    // 2000 lines of ~120 bytes with a 32 KiB budget: a handful of calls, each moving on by at least
    // the budget (rounded up to a batch of lines).
    expect(calls).toBeGreaterThan(2);
    expect(calls).toBeLessThan(8);
  });

  it('stops a filter whose matching has used its time, gives the event loop turns meanwhile, and resumes', async () => {
    const slow = 'g-slow';
    await store.append(
      slow,
      'one',
      Array.from({ length: 200 }, (_, i) => ({
        timestamp: i,
        message: `${i % 50 === 0 ? 'NEEDLE' : 'hay'} ${'x'.repeat(1000)}`,
      })),
      owned('alice'),
    );
    const timed = createFileLogStore({ db: database.prisma, dir: join(dir, 'logs'), filterTimeBudgetMs: 100 });
    // A filter as slow as a costly regex: 1 ms of the thread per event, a batch at a time.
    const busy = {
      batch: async (messages: string[]) => {
        const until = performance.now() + messages.length;
        while (performance.now() < until);
        return messages.map((m) => m.startsWith('NEEDLE'));
      },
    };
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const found: number[] = [];
    let resume: Record<string, number> | undefined;
    let calls = 0;
    try {
      do {
        const page = await timed.filterEvents(alice, slow, { matches: busy, limit: 100, resume });
        found.push(...page.events.map((e) => e.timestamp));
        resume = page.resume;
        calls++;
      } while (resume);
    } finally {
      clearInterval(ticker);
    }
    expect(found).toEqual([0, 50, 100, 150]);
    // 200 events × 1 ms in batches of 64 KiB (~60 events) with 100 ms per call: several calls,
    // and timers ran between the batches.
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(ticks).toBeGreaterThan(3);
  });

  it('keeps at most maxStreamBytes of a stream, ending it with one event that says the rest was dropped', async () => {
    const capped = createFileLogStore({ db: database.prisma, dir: join(dir, 'logs'), maxStreamBytes: 4096 });
    const line = (i: number) => ({ timestamp: i, message: `line ${i} ${'y'.repeat(90)}` });
    for (let batch = 0; batch < 10; batch++)
      await capped.append(
        'g-cap',
        's',
        Array.from({ length: 10 }, (_, i) => line(batch * 10 + i)),
        owned('alice'),
      );
    const { events } = await capped.getEvents(alice, 'g-cap', 's', { startFromHead: true, limit: 10_000 });
    const last = events.at(-1)!;
    expect(last.message).toMatch(/^\[Tessera\] this stream reached 4096 bytes .*TESSERA_LOG_STREAM_MAX_BYTES/);
    expect(events.slice(0, -1).map((e) => e.message)).toEqual(
      Array.from({ length: events.length - 1 }, (_, i) => line(i).message),
    );
    expect(events.length).toBeGreaterThan(20);
    expect(events.length).toBeLessThan(100);
    const file = join(dir, 'logs', streamKey('g-cap', 's').slice(0, 2), `${streamKey('g-cap', 's')}.jsonl`);
    expect(statSync(file).size).toBeLessThanOrEqual(4096);
    // Nothing is written past the marker.
    await capped.append('g-cap', 's', [line(1000)], owned('alice'));
    expect(statSync(file).size).toBeLessThanOrEqual(4096);
    const again = await capped.getEvents(alice, 'g-cap', 's', { startFromHead: true, limit: 10_000 });
    expect(again.events.length).toBe(events.length);
  });

  it("does not end a stream for a container that prints the cap marker's words", async () => {
    const capped = createFileLogStore({ db: database.prisma, dir: join(dir, 'logs'), maxStreamBytes: 4096 });
    const forged = "[Tessera] this stream reached 4096 bytes on the server's disk; its further output is not kept";
    await capped.append('g-forge', 's', [{ timestamp: 1, message: forged }], owned('alice'));
    await capped.append('g-forge', 's', [{ timestamp: 2, message: 'still kept' }], owned('alice'));
    const { events } = await capped.getEvents(alice, 'g-forge', 's', { startFromHead: true, limit: 10 });
    expect(events.map((e) => e.message)).toEqual([forged, 'still kept']);
  });
});
