// What a processing job wrote that Studio shows (Model Monitor's statistics.json and
// constraint_violations.json, Clarify's analysis.json) and the baseline files its inputs named,
// read from the object store as the job's owner, all within one size bound: every byte is parsed
// and written out again on the server's one thread, so five files of 8 MB each blocked it for half
// a second a request.
import type { CreateProcessingJobRequest, ProcessingResultsResponse } from '@tessera/contracts';
import type { Job } from '@tessera/db';
import type { Services } from '../services.ts';
import { ownerStore } from '../jobs/owner-store.ts';
import { parseS3Uri, type ObjectStore } from '../../platform/objects/object-store.ts';

const OUTPUT_FILES = ['constraint_violations.json', 'statistics.json', 'analysis.json'];
const BASELINE_INPUTS: Record<string, string> = {
  baseline: 'statistics.json',
  constraints: 'constraints.json',
};
/** What one answer holds, all its files together. */
const MAX_BYTES = 8 * 1024 * 1024;
/** JSON.parse takes any depth, but the answer is written by a recursive JSON.stringify. */
const MAX_DEPTH = 100;

/** Whether arrays and objects in `value` nest deeper than `max` (walked without recursion). */
function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** The file's JSON, if it is one and fits in what is `left` of the answer (which it then takes from). */
async function readJson(store: ObjectStore, uri: string, left: { bytes: number }): Promise<unknown> {
  const loc = parseS3Uri(uri);
  if (!loc) return undefined;
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of await store.get(loc.bucket, loc.key)) {
      size += (c as Buffer).length;
      if (size > left.bytes)
        return {
          error:
            `too large to show here (the results of a job are shown up to ${MAX_BYTES / 1024 / 1024} MB in all); ` +
            `read it from ${uri}`,
        };
      chunks.push(c as Buffer);
    }
    left.bytes -= size;
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return deeperThan(value, MAX_DEPTH)
      ? { error: `nested more than ${MAX_DEPTH} levels deep; read it from ${uri}` }
      : value;
  } catch {
    return undefined;
  }
}

const under = (uri: string, file: string) => `${uri.replace(/\/+$/, '')}/${file}`;

export async function processingResults(
  s: Pick<Services, 'db' | 'objects'>,
  job: Job,
): Promise<ProcessingResultsResponse> {
  const spec = job.spec as unknown as CreateProcessingJobRequest;
  const store = ownerStore(s, job.ownerUserId);
  const left = { bytes: MAX_BYTES };
  const Outputs: Record<string, unknown> = {};
  for (const o of spec.ProcessingOutputConfig?.Outputs ?? []) {
    if (!o.S3Output) continue;
    for (const file of OUTPUT_FILES) {
      if (Outputs[file] !== undefined) continue;
      const value = await readJson(store, under(o.S3Output.S3Uri, file), left);
      if (value !== undefined) Outputs[file] = value;
    }
  }
  const Baseline: Record<string, unknown> = {};
  for (const i of spec.ProcessingInputs ?? []) {
    const file = BASELINE_INPUTS[i.InputName];
    const uri = i.S3Input?.S3Uri;
    if (!file || !uri) continue;
    const value = await readJson(store, uri.endsWith('.json') ? uri : under(uri, file), left);
    if (value !== undefined) Baseline[uri.endsWith('.json') ? uri.slice(uri.lastIndexOf('/') + 1) : file] = value;
  }
  return { ProcessingJobName: job.name, Outputs, Baseline };
}
