// One log stream's file: one event per line, `[timestamp, ingestionTime, "message"]\n` (a JSON
// array, so a message can hold any character and never a raw newline). Files are only appended
// to, so a byte offset at a line boundary names a place between two events for ever: that is
// what read tokens carry, and why resuming a tail never rereads the file.
//
// Readers consume complete lines only. A line still being written (no newline yet) is invisible
// until its writer finishes, so a reader in another process never sees half an event.
import type { FileHandle } from 'node:fs/promises';
import type { LogEvent, StoredLogEvent } from './log-store.ts';

const NL = 0x0a;
const CHUNK = 64 * 1024;
/** CloudWatch's largest event: 256 KiB including 26 bytes of per-event overhead. */
export const MAX_MESSAGE_BYTES = 256 * 1024 - 26;

export interface Line {
  /** Offset of the line's first byte. */
  start: number;
  /** Offset just after its newline. */
  end: number;
  event: StoredLogEvent;
}

export interface Cursor {
  /** The next line, or undefined at the end (the start, reading backward). */
  next(): Promise<Line | undefined>;
  /** Where the cursor stands: after the last line returned (before it, reading backward). */
  position(): number;
}

/** Longer messages are cut (as CloudWatch refuses them); never in the middle of a character. */
export function clipMessage(message: string): string {
  if (message.length * 3 <= MAX_MESSAGE_BYTES || Buffer.byteLength(message) <= MAX_MESSAGE_BYTES) return message;
  return Buffer.from(message)
    .subarray(0, MAX_MESSAGE_BYTES)
    .toString('utf8')
    .replace(/\uFFFD+$/, '');
}

export function encodeEvents(events: LogEvent[], ingestionTime: number): { data: Buffer; stored: StoredLogEvent[] } {
  const stored = events.map((e) => ({ timestamp: e.timestamp, message: clipMessage(e.message), ingestionTime }));
  const text = stored.map((e) => `${JSON.stringify([e.timestamp, e.ingestionTime, e.message])}\n`).join('');
  return { data: Buffer.from(text, 'utf8'), stored };
}

/**
 * The event that ends a stream at its size cap: a line with a fourth element, which no message can
 * forge (a message is one JSON string), so that printing its text does not end a stream.
 */
export function encodeCapMarker(event: LogEvent, ingestionTime: number): Buffer {
  return Buffer.from(`${JSON.stringify([event.timestamp, ingestionTime, clipMessage(event.message), 'capped'])}\n`);
}

/** Whether `tail` (the last bytes of a stream's file) ends with the cap marker. */
export function endsCapped(tail: Buffer): boolean {
  const text = tail.toString('utf8').trimEnd();
  const start = text.lastIndexOf('\n') + 1;
  try {
    const v = JSON.parse(text.slice(start)) as unknown;
    return Array.isArray(v) && v.length === 4 && v[3] === 'capped';
  } catch {
    return false;
  }
}

/** Undefined for a line that is not an event (only external damage makes one); readers skip it. */
function decode(bytes: Buffer): StoredLogEvent | undefined {
  try {
    const v = JSON.parse(bytes.toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number' && typeof v[2] === 'string') {
      return { timestamp: v[0], ingestionTime: v[1], message: v[2] };
    }
  } catch {
    // fall through
  }
  return undefined;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/** True when `position` lies between two lines of a file of `size` bytes. */
export async function isBoundary(fh: FileHandle, position: number, size: number): Promise<boolean> {
  if (!Number.isSafeInteger(position) || position < 0 || position > size) return false;
  if (position === 0) return true;
  const [byte] = await readAt(fh, position - 1, 1);
  return byte === NL;
}

/** The end of the last complete line in the first `size` bytes (0 when there is none). */
export async function lastBoundary(fh: FileHandle, size: number): Promise<number> {
  let pos = size;
  while (pos > 0) {
    const start = Math.max(0, pos - CHUNK);
    const chunk = await readAt(fh, start, pos - start);
    const nl = chunk.lastIndexOf(NL);
    if (nl >= 0) return start + nl + 1;
    pos = start;
  }
  return 0;
}

/** Reads lines from `from` (a boundary) to the last complete line before `size`. */
export function forwardCursor(fh: FileHandle, from: number, size: number): Cursor {
  let buf: Buffer = Buffer.alloc(0);
  let bufStart = from; // file offset of buf[0]
  let idx = 0; // next unread byte in buf
  let fileOffset = from; // next byte to read from the file
  return {
    position: () => bufStart + idx,
    async next() {
      for (;;) {
        const nl = buf.indexOf(NL, idx);
        if (nl >= 0) {
          const line = { start: bufStart + idx, end: bufStart + nl + 1 };
          const event = decode(buf.subarray(idx, nl));
          idx = nl + 1;
          if (event) return { ...line, event };
          continue;
        }
        if (fileOffset >= size) return undefined;
        const chunk = await readAt(fh, fileOffset, Math.min(CHUNK, size - fileOffset));
        if (chunk.length === 0) return undefined;
        fileOffset += chunk.length;
        buf = idx < buf.length ? Buffer.concat([buf.subarray(idx), chunk]) : chunk;
        bufStart += idx;
        idx = 0;
      }
    },
  };
}

/** Reads lines backward from `to` (a boundary): the line ending at `to` first. */
export function backwardCursor(fh: FileHandle, to: number): Cursor {
  let buf: Buffer = Buffer.alloc(0);
  let bufStart = to; // file offset of buf[0]
  let end = 0; // lines in buf[0, end) are unread; buf[end - 1] is a newline unless end is 0
  return {
    position: () => bufStart + end,
    async next() {
      for (;;) {
        if (end > 0) {
          const prev = end >= 2 ? buf.lastIndexOf(NL, end - 2) : -1;
          if (prev >= 0 || bufStart === 0) {
            const lineStart = prev + 1;
            const line = { start: bufStart + lineStart, end: bufStart + end };
            const event = decode(buf.subarray(lineStart, end - 1));
            end = lineStart;
            if (event) return { ...line, event };
            continue;
          }
        }
        if (bufStart === 0) return undefined;
        const start = Math.max(0, bufStart - CHUNK);
        const chunk = await readAt(fh, start, bufStart - start);
        buf = Buffer.concat([chunk, buf.subarray(0, end)]);
        end = buf.length;
        bufStart = start;
      }
    },
  };
}
