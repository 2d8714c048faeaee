// What a processing job wrote that Studio shows (Model Monitor's statistics.json and
// constraint_violations.json, Clarify's analysis.json) and the baseline files its inputs named,
// read from the object store as the job's owner, each within a size bound.
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
const MAX_BYTES = 8 * 1024 * 1024;

async function readJson(store: ObjectStore, uri: string): Promise<unknown> {
  const loc = parseS3Uri(uri);
  if (!loc) return undefined;
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of await store.get(loc.bucket, loc.key)) {
      size += (c as Buffer).length;
      if (size > MAX_BYTES) return { error: `larger than ${MAX_BYTES / 1024 / 1024} MB; read it from ${uri}` };
      chunks.push(c as Buffer);
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
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
  const Outputs: Record<string, unknown> = {};
  for (const o of spec.ProcessingOutputConfig?.Outputs ?? []) {
    if (!o.S3Output) continue;
    for (const file of OUTPUT_FILES) {
      if (Outputs[file] !== undefined) continue;
      const value = await readJson(store, under(o.S3Output.S3Uri, file));
      if (value !== undefined) Outputs[file] = value;
    }
  }
  const Baseline: Record<string, unknown> = {};
  for (const i of spec.ProcessingInputs ?? []) {
    const file = BASELINE_INPUTS[i.InputName];
    const uri = i.S3Input?.S3Uri;
    if (!file || !uri) continue;
    const value = await readJson(store, uri.endsWith('.json') ? uri : under(uri, file));
    if (value !== undefined) Baseline[uri.endsWith('.json') ? uri.slice(uri.lastIndexOf('/') + 1) : file] = value;
  }
  return { ProcessingJobName: job.name, Outputs, Baseline };
}
