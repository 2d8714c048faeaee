// The embedded LogStore: each stream's events in an append-only file under <dataDir>/logs/
// (stream-file.ts), its metadata and owner in a LogStream row. Nothing is cached: every read
// asks the database and the file, so events that another process appends (a second server on
// the same data directory, a test) are visible at once.
//
// Files are named by a hash of group and stream, so any name is safe on disk; the hash is
// also what makes event ids unique within a group.
import { createHash } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Db } from '@tessera/db';
import { createPacer } from '../cooperate.ts';
import type { TesseraEvent } from '../events/bus.ts';
import {
  applyFilter,
  LogStoreError,
  type FilteredLogEvent,
  type FilterResult,
  type LogEvent,
  type LogEventsPage,
  type LogGroupInfo,
  type LogPosition,
  type LogReader,
  type LogStore,
  type LogStreamInfo,
  type StoredLogEvent,
} from './log-store.ts';
import {
  backwardCursor,
  encodeCapMarker,
  encodeEvents,
  endsCapped,
  forwardCursor,
  isBoundary,
  lastBoundary,
  type Cursor,
  type Line,
} from './stream-file.ts';

export interface FileLogStoreDeps {
  db: Db;
  /** The directory the stream files live in (<dataDir>/logs). */
  dir: string;
  /** Called with each appended batch, so the events socket can stream logs live. */
  publish?: (event: Omit<TesseraEvent, 'time'>) => void;
  now?: () => number;
  /** Bytes one FilterLogEvents call reads before it returns what it has and where to resume. */
  filterScanBudget?: number;
  /** How long one FilterLogEvents call matches before it returns what it has and a token. */
  filterTimeBudgetMs?: number;
  /**
   * Bytes one stream may hold on this host's disk. A container prints what it likes, as fast as it
   * likes; past this its output is dropped, after one event that says so.
   */
  maxStreamBytes?: number;
}

/** What one stream may hold by default (TESSERA_LOG_STREAM_MAX_BYTES), and how its last event starts. */
const CAPPED = '[Tessera] this stream reached';
const MAX_STREAM_BYTES = 256 * 1024 * 1024;
/** CloudWatch answers at most 1 MB of events per call. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
/** How much one FilterLogEvents call reads, by default, before it returns what it has and a token. */
const FILTER_SCAN_BUDGET = 16 * 1024 * 1024;
/** ...and how long: a %regex% may cost far more per byte than a substring (platform/user-regex.ts). */
const FILTER_TIME_BUDGET_MS = 5_000;
/** What one FilterLogEvents call filters at a time. */
const FILTER_BATCH_LINES = 512;
const FILTER_BATCH_BYTES = 64 * 1024;
/** Above every character, so `[prefix, prefix + TOP)` is exactly the names starting with prefix in byte order. */
const TOP = '\u{10FFFF}';

type Row = {
  logGroupName: string;
  logStreamName: string;
  ownerUserId: string | null;
  creationTime: Date;
  firstEventTimestamp: Date | null;
  lastEventTimestamp: Date | null;
  lastIngestionTime: Date | null;
  storedBytes: bigint;
};

export function streamKey(group: string, stream: string): string {
  return createHash('sha256').update(group).update('\0').update(stream).digest('hex');
}

const visibleTo = (reader: LogReader) => (reader.isAdmin ? {} : { ownerUserId: reader.userId });
const prefixRange = (prefix: string | undefined) => (prefix ? { gte: prefix, lt: prefix + TOP } : {});
const ms = (d: Date | null) => (d ? d.getTime() : undefined);

function info(row: Row): LogStreamInfo {
  return {
    logGroupName: row.logGroupName,
    logStreamName: row.logStreamName,
    creationTime: row.creationTime.getTime(),
    ...(row.firstEventTimestamp ? { firstEventTimestamp: row.firstEventTimestamp.getTime() } : {}),
    ...(row.lastEventTimestamp ? { lastEventTimestamp: row.lastEventTimestamp.getTime() } : {}),
    ...(row.lastIngestionTime ? { lastIngestionTime: row.lastIngestionTime.getTime() } : {}),
    storedBytes: Number(row.storedBytes),
  };
}

async function openForRead(path: string): Promise<FileHandle | undefined> {
  try {
    return await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export function createFileLogStore(deps: FileLogStoreDeps): LogStore {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const scanBudget = deps.filterScanBudget ?? FILTER_SCAN_BUDGET;
  const timeBudgetMs = deps.filterTimeBudgetMs ?? FILTER_TIME_BUDGET_MS;
  const pathOf = (key: string) => join(deps.dir, key.slice(0, 2), `${key}.jsonl`);
  // Appends to one stream run one after another, so file order is call order and the row's
  // first/last timestamps are computed from the row each append saw.
  const queues = new Map<string, Promise<void>>();

  const maxStreamBytes = deps.maxStreamBytes ?? MAX_STREAM_BYTES;

  /**
   * What of `events` still fits in a stream of `size` bytes (whose last bytes are `tail`), encoded:
   * past the cap, the events that fit and the one marker that says the rest was dropped; nothing
   * once the marker is written.
   */
  function withinCap(
    events: LogEvent[],
    ingestion: number,
    size: number,
    tail: Buffer,
  ): { data: Buffer; stored: StoredLogEvent[] } | undefined {
    if (size >= maxStreamBytes || endsCapped(tail)) return undefined;
    const all = encodeEvents(events, ingestion);
    const marker = (timestamp: number): LogEvent => ({
      timestamp,
      message:
        `${CAPPED} ${maxStreamBytes} bytes on the server's disk (TESSERA_LOG_STREAM_MAX_BYTES); ` +
        'its further output is not kept',
    });
    const room = maxStreamBytes - size - encodeCapMarker(marker(0), ingestion).length;
    if (all.data.length <= room) return all;
    const kept: LogEvent[] = [];
    let used = 0;
    for (const e of events) {
      const bytes = encodeEvents([e], ingestion).data.length;
      if (used + bytes > room) break;
      kept.push(e);
      used += bytes;
    }
    const last = marker(kept.at(-1)?.timestamp ?? events[0]!.timestamp);
    const fit = encodeEvents(kept, ingestion);
    return {
      data: Buffer.concat([fit.data, encodeCapMarker(last, ingestion)]),
      stored: [...fit.stored, { ...last, ingestionTime: ingestion }],
    };
  }

  async function writeBatch(
    group: string,
    stream: string,
    events: LogEvent[],
    owner: { ownerUserId: string | null; resourceArn: string },
  ) {
    const key = streamKey(group, stream);
    const ingestion = now();
    const path = pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const fh = await open(path, 'a+');
    let written = 0;
    let data: Buffer;
    let stored: StoredLogEvent[];
    try {
      const { size } = await fh.stat();
      const tail = Buffer.alloc(Math.min(size, 512));
      if (tail.length) await fh.read(tail, 0, tail.length, size - tail.length);
      const kept = withinCap(events, ingestion, size, tail);
      if (!kept) return;
      ({ data, stored } = kept);
      // A crash can leave a last line without its newline; never glue the next event onto it.
      const last = Buffer.alloc(1);
      const repair = size > 0 && (await fh.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
      const bytes = repair ? Buffer.concat([Buffer.from('\n'), data]) : data;
      written = bytes.length;
      await fh.appendFile(bytes);
    } finally {
      await fh.close();
    }

    let lo = Infinity;
    let hi = -Infinity;
    for (const e of stored) {
      if (e.timestamp < lo) lo = e.timestamp;
      if (e.timestamp > hi) hi = e.timestamp;
    }
    const id = { logGroupName: group, logStreamName: stream };
    const update = async (row: Row) => {
      await db.logStream.update({
        where: { logGroupName_logStreamName: id },
        data: {
          firstEventTimestamp: new Date(Math.min(lo, ms(row.firstEventTimestamp) ?? lo)),
          lastEventTimestamp: new Date(Math.max(hi, ms(row.lastEventTimestamp) ?? hi)),
          lastIngestionTime: new Date(ingestion),
          storedBytes: { increment: written },
        },
      });
    };
    const existing = await db.logStream.findUnique({ where: { logGroupName_logStreamName: id } });
    if (existing) await update(existing);
    else {
      try {
        await db.logStream.create({
          data: {
            ...id,
            ownerUserId: owner.ownerUserId,
            resourceArn: owner.resourceArn,
            creationTime: new Date(ingestion),
            firstEventTimestamp: new Date(lo),
            lastEventTimestamp: new Date(hi),
            lastIngestionTime: new Date(ingestion),
            storedBytes: written,
          },
        });
      } catch {
        // Another process created the row first: count this batch on top of it.
        await update(await db.logStream.findUniqueOrThrow({ where: { logGroupName_logStreamName: id } }));
      }
    }
    deps.publish?.({
      type: 'log',
      resourceArn: owner.resourceArn,
      detail: { logGroupName: group, logStreamName: stream, events: stored },
      audienceUserIds: owner.ownerUserId ? [owner.ownerUserId] : [],
    });
  }

  /** The reader's row of a stream, or the error CloudWatch gives for it. */
  async function visibleStream(reader: LogReader, group: string, stream: string): Promise<Row> {
    const row = await db.logStream.findUnique({
      where: { logGroupName_logStreamName: { logGroupName: group, logStreamName: stream } },
    });
    if (row && (reader.isAdmin || row.ownerUserId === reader.userId)) return row;
    await visibleGroup(reader, group);
    throw new LogStoreError('NoSuchStream', 'The specified log stream does not exist.');
  }

  async function visibleGroup(reader: LogReader, group: string): Promise<void> {
    const any = await db.logStream.findFirst({
      where: { logGroupName: group, ...visibleTo(reader) },
      select: { logStreamName: true },
    });
    if (!any) throw new LogStoreError('NoSuchGroup', 'The specified log group does not exist.');
  }

  return {
    append(group, stream, events, owner) {
      if (events.length === 0) return Promise.resolve();
      const key = streamKey(group, stream);
      const run = (queues.get(key) ?? Promise.resolve())
        .catch(() => {})
        .then(() => writeBatch(group, stream, events, owner));
      queues.set(key, run);
      void run.finally(() => queues.get(key) === run && queues.delete(key)).catch(() => {});
      return run;
    },

    async lastTimestamp(group, stream) {
      // The file is the truth (a crash may have stopped between the write and the row update);
      // the row remembers a later timestamp when batches arrived out of order.
      const row = await db.logStream.findUnique({
        where: { logGroupName_logStreamName: { logGroupName: group, logStreamName: stream } },
        select: { lastEventTimestamp: true },
      });
      const fh = await openForRead(pathOf(streamKey(group, stream)));
      let last: number | undefined;
      if (fh) {
        try {
          const { size } = await fh.stat();
          last = (await backwardCursor(fh, await lastBoundary(fh, size)).next())?.event.timestamp;
        } finally {
          await fh.close();
        }
      }
      const fromRow = ms(row?.lastEventTimestamp ?? null);
      if (last === undefined) return fromRow;
      return fromRow === undefined ? last : Math.max(last, fromRow);
    },

    async describeGroups(reader, opts) {
      const out: LogGroupInfo[] = [];
      let after = opts.after;
      // A substring filter is applied here, not in SQL (SQLite's LIKE ignores case; CloudWatch
      // does not), so pages are fetched until enough groups match.
      const batch = opts.contains ? Math.max(100, opts.limit) : opts.limit;
      for (;;) {
        const rows = await db.logStream.groupBy({
          by: ['logGroupName'],
          where: {
            ...visibleTo(reader),
            logGroupName: { ...prefixRange(opts.prefix), ...(after !== undefined ? { gt: after } : {}) },
          },
          _min: { creationTime: true },
          _sum: { storedBytes: true },
          orderBy: { logGroupName: 'asc' },
          take: batch,
        });
        for (const r of rows) {
          if (opts.contains && !r.logGroupName.includes(opts.contains)) continue;
          out.push({
            logGroupName: r.logGroupName,
            creationTime: r._min.creationTime?.getTime() ?? 0,
            storedBytes: Number(r._sum.storedBytes ?? 0),
          });
          if (out.length === opts.limit) return out;
        }
        if (rows.length < batch) return out;
        after = rows[rows.length - 1]!.logGroupName;
      }
    },

    async describeStreams(reader, group, opts) {
      const dir = opts.descending ? 'desc' : 'asc';
      const cmp = opts.descending ? 'lt' : 'gt';
      let resume = {};
      if (opts.after && opts.orderBy === 'LogStreamName')
        resume = { logStreamName: { [cmp]: opts.after.logStreamName } };
      if (opts.after && opts.orderBy === 'LastEventTime') {
        const t = new Date(opts.after.lastEventTimestamp ?? 0);
        resume = {
          OR: [
            { lastEventTimestamp: { [cmp]: t } },
            { lastEventTimestamp: t, logStreamName: { [cmp]: opts.after.logStreamName } },
          ],
        };
      }
      const rows = await db.logStream.findMany({
        where: {
          AND: [{ logGroupName: group, ...visibleTo(reader), logStreamName: prefixRange(opts.prefix) }, resume],
        },
        orderBy:
          opts.orderBy === 'LastEventTime'
            ? [{ lastEventTimestamp: dir }, { logStreamName: dir }]
            : [{ logStreamName: dir }],
        take: opts.limit,
      });
      if (rows.length === 0 && !opts.after) await visibleGroup(reader, group);
      return rows.map(info);
    },

    async getEvents(reader, group, stream, opts) {
      await visibleStream(reader, group, stream);
      const fh = await openForRead(pathOf(streamKey(group, stream)));
      if (!fh) {
        if (opts.from && opts.from.position !== 0)
          throw new LogStoreError('BadPosition', 'The specified nextToken is invalid.');
        return { events: [], forward: 0, backward: 0 };
      }
      try {
        const { size } = await fh.stat();
        const inRange = (e: StoredLogEvent) =>
          (opts.startTime === undefined || e.timestamp >= opts.startTime) &&
          (opts.endTime === undefined || e.timestamp < opts.endTime);
        const maxBytes = opts.maxBytes ?? MAX_RESPONSE_BYTES;
        let from: { position: LogPosition; direction: 'forward' | 'backward' };
        if (opts.from) {
          if (!(await isBoundary(fh, opts.from.position, size)))
            throw new LogStoreError('BadPosition', 'The specified nextToken is invalid.');
          from = opts.from;
        } else {
          from = opts.startFromHead
            ? { position: 0, direction: 'forward' }
            : { position: await lastBoundary(fh, size), direction: 'backward' };
        }
        const lines: Line[] = [];
        let bytes = 0;
        const cursor: Cursor =
          from.direction === 'forward' ? forwardCursor(fh, from.position, size) : backwardCursor(fh, from.position);
        while (lines.length < opts.limit) {
          const line = await cursor.next();
          if (!line) break;
          if (!inRange(line.event)) continue;
          bytes += line.end - line.start;
          if (bytes > maxBytes && lines.length > 0) break;
          lines.push(line);
        }
        if (from.direction === 'backward') lines.reverse();
        const page: LogEventsPage = {
          events: lines.map((l) => l.event),
          forward: lines.length ? lines[lines.length - 1]!.end : from.position,
          backward: lines.length ? lines[0]!.start : from.position,
        };
        return page;
      } finally {
        await fh.close();
      }
    },

    async filterEvents(reader, group, opts) {
      await visibleGroup(reader, group);
      const rows = await db.logStream.findMany({
        where: {
          logGroupName: group,
          ...visibleTo(reader),
          logStreamName: opts.streamNames ? { in: opts.streamNames } : prefixRange(opts.streamPrefix),
        },
        orderBy: { logStreamName: 'asc' },
      });
      // The budget counts the bytes of lines looked at (not bytes read ahead), so every call
      // moves the scan on by at least the budget, unless its time runs out first; either way the
      // call returns a token to go on from. Filtering gives the event loop a turn between batches.
      let scanned = 0;
      const deadline = performance.now() + timeBudgetMs;
      const pace = createPacer();
      // At least one line per call, so that a token always moves the scan on.
      const inBudget = () => scanned === 0 || (scanned < scanBudget && performance.now() < deadline);
      const inRange = (t: number) =>
        (opts.startTime === undefined || t >= opts.startTime) && (opts.endTime === undefined || t <= opts.endTime);
      interface Source {
        name: string;
        key: string;
        fh?: FileHandle;
        cursor?: Cursor;
        head?: Line;
        ahead: Line[];
        done: boolean;
      }
      const sources: Source[] = [];
      try {
        for (const row of rows) {
          const name = row.logStreamName;
          const key = streamKey(group, name);
          // A stream whose events all lie outside the time range needs no reading.
          const first = ms(row.firstEventTimestamp);
          const last = ms(row.lastEventTimestamp);
          const outside =
            (opts.endTime !== undefined && first !== undefined && first > opts.endTime) ||
            (opts.startTime !== undefined && last !== undefined && last < opts.startTime);
          const fh = outside ? undefined : await openForRead(pathOf(key));
          if (!fh) {
            sources.push({ name, key, ahead: [], done: true });
            continue;
          }
          const size = (await fh.stat()).size;
          const from = opts.resume?.[name] ?? 0;
          if (!(await isBoundary(fh, from, size))) {
            await fh.close();
            throw new LogStoreError('BadPosition', 'The specified nextToken is invalid.');
          }
          sources.push({ name, key, fh, cursor: forwardCursor(fh, from, size), ahead: [], done: false });
        }

        // Lines are read and filtered a batch at a time (a regex filter runs in a worker); the
        // matches of a batch wait in `ahead` for their turn in the merge.
        const advance = async (s: Source) => {
          s.head = s.ahead.shift();
          while (!s.head && !s.done && inBudget()) {
            const batch: Line[] = [];
            let bytes = 0;
            while (batch.length < FILTER_BATCH_LINES && bytes < FILTER_BATCH_BYTES) {
              const line = await s.cursor!.next();
              if (!line) {
                s.done = true;
                break;
              }
              bytes += line.end - line.start;
              if (inRange(line.event.timestamp)) batch.push(line);
            }
            scanned += bytes;
            if (batch.length) {
              const kept = await applyFilter(
                opts.matches,
                batch.map((l) => l.event.message),
              );
              s.ahead = batch.filter((_, i) => kept[i]);
              s.head = s.ahead.shift();
            }
            await pace();
          }
        };
        for (const s of sources) await advance(s);

        const events: FilteredLogEvent[] = [];
        let bytes = 0;
        while (events.length < opts.limit) {
          let best: Source | undefined;
          for (const s of sources) {
            if (s.head && (!best || s.head.event.timestamp < best.head!.event.timestamp)) best = s;
          }
          if (!best) break;
          const line = best.head!;
          bytes += line.end - line.start;
          if (bytes > MAX_RESPONSE_BYTES && events.length > 0) break;
          events.push({ ...line.event, logStreamName: best.name, eventId: `${best.key.slice(0, 16)}-${line.start}` });
          await advance(best);
        }

        const resume: Record<string, LogPosition> = {};
        let more = false;
        for (const s of sources) {
          if (!s.cursor) continue;
          if (s.head) resume[s.name] = s.head.start;
          else resume[s.name] = s.cursor.position();
          if (s.head || !s.done) more = true;
        }
        const result: FilterResult = {
          events,
          searched: sources.map((s) => ({ logStreamName: s.name, searchedCompletely: s.done && !s.head })),
          ...(more ? { resume } : {}),
        };
        return result;
      } finally {
        for (const s of sources) await s.fh?.close();
      }
    },
  };
}
