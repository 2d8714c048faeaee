// The supervisor's log file (docker/sagemaker/src/tessera_sagemaker/supervise.py): one line per
// output line, `<ISO time> <text>`, times strictly increasing — what Docker keeps for a container.
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { LogLine } from '../contract.ts';
import { sleep } from './proc.ts';

const TAIL_MS = 250;
const READ_CHUNK = 1 << 20;
const BATCH_LINES = 1000;

/**
 * Lines of the log (`<ISO time> <text>`) from `text`, which follows what an earlier call left in
 * `rest`; lines at or before `sinceMs` were stored already and are skipped, and so are lines
 * without a time (the supervisor's own last words if it crashed).
 */
export function parseStampedLines(text: string, sinceMs: number): { lines: LogLine[]; rest: string } {
  const parts = text.split('\n');
  const rest = parts.pop() ?? '';
  const lines: LogLine[] = [];
  for (const line of parts) {
    const space = line.indexOf(' ');
    if (space < 0) continue;
    const timestamp = Date.parse(line.slice(0, space));
    if (!Number.isFinite(timestamp) || timestamp <= sinceMs) continue;
    lines.push({ timestamp, message: line.slice(space + 1).replace(/\r$/, '') });
  }
  return { lines, rest };
}

/** The last `tail` lines' text. */
export async function tailOf(file: string, tail: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return parseStampedLines(text.endsWith('\n') ? text : `${text}\n`, -Infinity)
    .lines.slice(-tail)
    .map((l) => l.message)
    .join('\n');
}

/** Reads the log from the start, lines after `sinceMs`, until `ended()` says so and the file is drained. */
export async function followFile(
  file: string,
  sinceMs: number,
  ended: () => Promise<boolean>,
  onLines: (lines: LogLine[]) => Promise<void> | void,
  signal?: AbortSignal,
): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch {
    return;
  }
  try {
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.alloc(READ_CHUNK);
    let offset = 0;
    let rest = '';
    let since = sinceMs;
    while (!signal?.aborted) {
      // Looked at before reading: once it has ended, reading to the end drains it.
      const done = await ended();
      const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
      if (bytesRead > 0) {
        offset += bytesRead;
        const parsed = parseStampedLines(rest + decoder.write(buf.subarray(0, bytesRead)), since);
        rest = parsed.rest;
        for (let i = 0; i < parsed.lines.length; i += BATCH_LINES) {
          if (signal?.aborted) return;
          await onLines(parsed.lines.slice(i, i + BATCH_LINES));
        }
        if (parsed.lines.length) since = parsed.lines.at(-1)!.timestamp;
        continue;
      }
      if (done) {
        const last = parseStampedLines(`${rest}${decoder.end()}\n`, since).lines;
        if (last.length && !signal?.aborted) await onLines(last);
        return;
      }
      await sleep(TAIL_MS, signal);
    }
  } finally {
    await handle.close();
  }
}
