// DataProcessing: InputFilter before a record goes to the model, JoinSource Input to put the
// record beside its inference, OutputFilter on what is written — SageMaker's "associate
// prediction results with input records". Records are CSV (fields split by commas; a filter
// sees the array of fields) or JSON (one document per record, JSON Lines when split by line).
import { isIdentity, parseJsonPath, selectPath, type JsonPath } from './json-path.ts';

export type RecordFormat = 'csv' | 'json';

export interface DataProcessingPlan {
  input?: JsonPath;
  output?: JsonPath;
  join: boolean;
}

export class DataProcessingError extends Error {}

/** Parses the filters (throws JsonPathError for one that does not parse); `$` is no filter. */
export function planDataProcessing(
  dp: { InputFilter?: string; OutputFilter?: string; JoinSource?: 'Input' | 'None' } | undefined,
): DataProcessingPlan {
  const input = dp?.InputFilter !== undefined ? parseJsonPath(dp.InputFilter) : undefined;
  const output = dp?.OutputFilter !== undefined ? parseJsonPath(dp.OutputFilter) : undefined;
  return {
    ...(input && !isIdentity(input) ? { input } : {}),
    ...(output && !isIdentity(output) ? { output } : {}),
    join: dp?.JoinSource === 'Input',
  };
}

/** Whether the model's answer has to be cut into one output per record (join or output filter). */
export const perRecordOutputs = (plan: DataProcessingPlan) => plan.join || !!plan.output;
export const isPassThrough = (plan: DataProcessingPlan) => !plan.input && !perRecordOutputs(plan);

const JSON_TYPES = new Set([
  'application/json',
  'application/jsonlines',
  'application/x-jsonlines',
  'application/jsonl',
  'application/json-lines',
]);

/** CSV or JSON, by the media type when it says, else by the first record's first character. */
export function formatOf(contentType: string | undefined, sample?: Buffer | string): RecordFormat {
  const media = contentType?.split(';')[0]!.trim().toLowerCase();
  if (media === 'text/csv') return 'csv';
  if (media && JSON_TYPES.has(media)) return 'json';
  const first = (typeof sample === 'string' ? sample : sample?.subarray(0, 64).toString('utf8'))?.trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

export function parseRecord(text: string, format: RecordFormat): unknown {
  if (format === 'csv') return text.split(',');
  try {
    return JSON.parse(text);
  } catch {
    throw new DataProcessingError(`a record is not JSON: ${text.slice(0, 80)}`);
  }
}

export function serializeRecord(value: unknown, format: RecordFormat): string {
  if (format === 'json') return JSON.stringify(value);
  return Array.isArray(value) ? value.map(csvCell).join(',') : csvCell(value);
}

const csvCell = (v: unknown) =>
  typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);

/** The record as the model gets it. */
export function filterInput(record: Buffer, plan: DataProcessingPlan, format: RecordFormat): Buffer {
  if (!plan.input) return record;
  return Buffer.from(serializeRecord(selectPath(plan.input, parseRecord(record.toString('utf8'), format)), format));
}

/**
 * The model's answer to a request of `count` records, one output per record: its lines when they
 * are as many; for one record, the whole answer; else a JSON array of `count` items, or an object
 * whose one array member has `count` items (`{"predictions": [...]}`).
 */
export function splitOutput(response: Buffer, count: number): string[] {
  const text = response.toString('utf8');
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === count) return lines;
  if (count === 1) return [text.replace(/\r?\n$/, '')];
  try {
    const doc = JSON.parse(text) as unknown;
    const items = Array.isArray(doc)
      ? doc
      : typeof doc === 'object' && doc
        ? Object.values(doc).filter(Array.isArray)
        : [];
    const list = Array.isArray(doc) ? doc : items.length === 1 ? (items[0] as unknown[]) : undefined;
    if (list?.length === count) return list.map((v) => JSON.stringify(v));
  } catch {
    // not one JSON document: the line count is all there is to go by
  }
  throw new DataProcessingError(
    `the model answered ${lines.length} line${lines.length === 1 ? '' : 's'} for ${count} records; ` +
      'JoinSource and OutputFilter need one output per record (one line each, or a JSON array)',
  );
}

/** The written form of one record's output: joined with its input if asked, then output-filtered. */
export function processOutput(
  input: Buffer,
  output: string,
  plan: DataProcessingPlan,
  formats: { input: RecordFormat; output: RecordFormat },
): string {
  let value: unknown;
  let format: RecordFormat;
  if (plan.join) {
    format = formats.input;
    const source = parseRecord(input.toString('utf8'), formats.input);
    const result = outputValue(output, formats.output);
    if (format === 'csv') {
      value = [...(source as string[]), ...(Array.isArray(result) ? result : [result])];
    } else {
      const inferred = formats.output === 'csv' ? numericFields(result as string[]) : result;
      value = isPlainObject(source)
        ? { ...source, SageMakerOutput: inferred }
        : { SageMakerInput: source, SageMakerOutput: inferred };
    }
  } else {
    format = formats.output;
    value = outputValue(output, format);
  }
  return serializeRecord(plan.output ? selectPath(plan.output, value) : value, format);
}

function outputValue(text: string, format: RecordFormat): unknown {
  if (format === 'csv') return text.split(',');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A CSV inference put into a JSON record: one number stays a number, several become an array. */
function numericFields(fields: string[]): unknown {
  const values = fields.map((f) => (f.trim() !== '' && Number.isFinite(Number(f)) ? Number(f) : f));
  return values.length === 1 ? values[0] : values;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
