// How a batch transform cuts an input object into requests, as SageMaker does it: SplitType Line
// makes every non-empty line a record (None: the whole object is one); BatchStrategy SingleRecord
// sends one record per request, MultiRecord as many whole records as fit in MaxPayloadInMB.
// Records stay bytes: with SplitType None the object may be an image or any other binary.

export type SplitType = 'None' | 'Line';
export type BatchStrategy = 'SingleRecord' | 'MultiRecord';

export interface Batch {
  /** Index of the batch's first record in the object. */
  first: number;
  /** Number of records in the batch. */
  count: number;
  payload: Buffer;
}

export class RecordTooLargeError extends Error {
  constructor(
    readonly index: number,
    readonly size: number,
    readonly limit: number,
  ) {
    super(`record ${index + 1} is ${size} bytes, more than MaxPayloadInMB allows (${limit} bytes)`);
  }
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/** The records of one object. Line records lose their line ending (\n or \r\n); blank lines are no records. */
export function splitRecords(body: Buffer, split: SplitType): Buffer[] {
  if (split === 'None') return body.length ? [body] : [];
  const out: Buffer[] = [];
  let start = 0;
  while (start < body.length) {
    let end = body.indexOf(NEWLINE, start);
    if (end < 0) end = body.length;
    let stop = end;
    if (stop > start && body[stop - 1] === CR) stop--;
    if (stop > start) out.push(body.subarray(start, stop));
    start = end + 1;
  }
  return out;
}

/**
 * Groups records into request payloads of at most `maxBytes`. Line records are sent newline-
 * terminated, so a MultiRecord payload is itself a valid CSV / JSON Lines document and a
 * SingleRecord one reads the same. Throws RecordTooLargeError for a record that alone exceeds
 * the limit (SageMaker fails the job then; it never cuts a record).
 */
export function batchRecords(
  records: Buffer[],
  opts: { split: SplitType; strategy: BatchStrategy; maxBytes: number },
): Batch[] {
  const terminator = opts.split === 'Line' ? 1 : 0;
  const batches: Batch[] = [];
  let group: Buffer[] = [];
  let size = 0;
  let first = 0;
  const flush = () => {
    if (!group.length) return;
    const parts = terminator ? group.flatMap((r) => [r, NL]) : group;
    batches.push({ first, count: group.length, payload: Buffer.concat(parts, size) });
    first += group.length;
    group = [];
    size = 0;
  };
  records.forEach((r, i) => {
    const bytes = r.length + terminator;
    if (bytes > opts.maxBytes) throw new RecordTooLargeError(i, bytes, opts.maxBytes);
    if (group.length && (opts.strategy === 'SingleRecord' || size + bytes > opts.maxBytes)) flush();
    group.push(r);
    size += bytes;
  });
  flush();
  return batches;
}

const NL = Buffer.from('\n');
