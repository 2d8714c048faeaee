// The transform itself, once its instances answer /ping: every input object is read, cut into
// requests (records.ts), filtered (data-processing.ts), sent to the instances through the slots
// (slots.ts), and its answers assembled into `<S3OutputPath>/<rel>.out` (assemble.ts). Objects are
// worked on as many at a time as there are instances; an object's output keeps its record order.
// A failure is a TransformFailure whose message is the job's FailureReason.
import type { Readable } from 'node:stream';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { CreateTransformJobRequest } from '@tessera/contracts';
import { parseS3Uri, type ObjectStore } from '../../platform/objects/object-store.ts';
import { assemble, outputLocation, parseManifest, relativeKey } from './assemble.ts';
import {
  DataProcessingError,
  filterInput,
  formatOf,
  perRecordOutputs,
  planDataProcessing,
  processOutput,
  splitOutput,
} from './data-processing.ts';
import { JsonPathError } from './json-path.ts';
import { batchRecords, RecordTooLargeError, splitRecords, type Batch, type SplitType } from './records.ts';
import type { BatchSettings } from './settings.ts';
import { createSlots, mapThroughSlots } from './slots.ts';

const gunzipAsync = promisify(gunzip);

export class TransformFailure extends Error {}

export interface TransformTarget {
  id: string;
  url: string;
}

export interface TransformRun {
  objects: ObjectStore;
  spec: CreateTransformJobRequest;
  instances: TransformTarget[];
  settings: BatchSettings;
  signal: AbortSignal;
  /** A line for the instance's data log (SageMaker's `<job>/<instance>/data-log` stream). */
  log(instanceId: string, message: string): void;
  /** Whether the job's owner may read this bucket (a manifest can name any bucket). */
  mayRead(bucket: string): Promise<boolean>;
}

export interface TransformSummary {
  objects: number;
  records: number;
  requests: number;
}

interface InputObject {
  bucket: string;
  key: string;
  relative: string;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export async function runTransform(run: TransformRun): Promise<TransformSummary> {
  const { spec } = run;
  const inputs = await listInputs(run, spec.TransformInput.DataSource.S3DataSource);
  const plan = planDataProcessing(spec.DataProcessing);
  const slots = createSlots(run.instances, run.settings.maxConcurrent);
  const split: SplitType = spec.TransformInput.SplitType === 'Line' ? 'Line' : 'None';
  const maxBytes = run.settings.maxPayloadInMB * 2 ** 20;
  const summary: TransformSummary = { objects: 0, records: 0, requests: 0 };

  async function transformObject(obj: InputObject): Promise<void> {
    const name = `${obj.bucket}/${obj.key}`;
    const clientError = (why: string) => new TransformFailure(`ClientError: ${name}: ${why}`.slice(0, 1024));
    let body = await readAll(await run.objects.get(obj.bucket, obj.key));
    if (spec.TransformInput.CompressionType === 'Gzip') {
      body = await gunzipAsync(body).catch((err: Error) => {
        throw clientError(`CompressionType is Gzip but the object does not decompress: ${err.message}`);
      });
    }
    const records = splitRecords(body, split);
    const inFormat = formatOf(spec.TransformInput.ContentType, records[0]);
    let batches: Batch[];
    try {
      const sent = plan.input ? records.map((r) => filterInput(r, plan, inFormat)) : records;
      batches = batchRecords(sent, { split, strategy: run.settings.strategy, maxBytes });
    } catch (err) {
      if (err instanceof RecordTooLargeError)
        throw clientError(
          `${split === 'None' ? 'the object' : `record ${err.index + 1}`} is ${err.size} bytes, ` +
            `larger than MaxPayloadInMB (${run.settings.maxPayloadInMB} MB); ` +
            `raise MaxPayloadInMB${split === 'None' ? ' or split the input with SplitType Line' : ''}`,
        );
      if (err instanceof JsonPathError || err instanceof DataProcessingError)
        throw clientError(`InputFilter: ${err.message}`);
      throw err;
    }
    const answers = await mapThroughSlots(batches, slots, (inst, batch) => invoke(inst, batch, name), run.signal);
    summary.requests += batches.length;
    let chunks: (Buffer | string)[];
    if (perRecordOutputs(plan)) {
      chunks = [];
      for (let b = 0; b < batches.length; b++) {
        const batch = batches[b]!;
        const answer = answers[b]!;
        try {
          const outputs = splitOutput(answer.body, batch.count);
          outputs.forEach((out, j) => {
            const outFormat = formatOf(answer.contentType ?? spec.TransformOutput.Accept, out);
            chunks.push(processOutput(records[batch.first + j]!, out, plan, { input: inFormat, output: outFormat }));
          });
        } catch (err) {
          if (err instanceof JsonPathError || err instanceof DataProcessingError)
            throw clientError(`records ${batch.first + 1}-${batch.first + batch.count}: ${err.message}`);
          throw err;
        }
      }
    } else {
      chunks = answers.map((a) => a.body);
    }
    const out = outputLocation(spec.TransformOutput.S3OutputPath, obj.relative);
    await run.objects.put(out.bucket, out.key, assemble(chunks, spec.TransformOutput.AssembleWith ?? 'None'), {
      contentType: spec.TransformOutput.Accept ?? 'application/octet-stream',
    });
    summary.objects++;
    summary.records += records.length;
  }

  async function invoke(
    inst: TransformTarget,
    batch: Batch,
    name: string,
  ): Promise<{ body: Buffer; contentType?: string }> {
    const timeoutMs = (spec.ModelClientConfig?.InvocationsTimeoutInSeconds ?? 600) * 1000;
    const retries = spec.ModelClientConfig?.InvocationsMaxRetries ?? 3;
    let lastError = '';
    for (let attempt = 0; attempt <= retries; attempt++) {
      run.signal.throwIfAborted();
      let res: Response;
      try {
        res = await fetch(`${inst.url}/invocations`, {
          method: 'POST',
          headers: {
            ...(spec.TransformInput.ContentType ? { 'Content-Type': spec.TransformInput.ContentType } : {}),
            ...(spec.TransformOutput.Accept ? { Accept: spec.TransformOutput.Accept } : {}),
          },
          body: batch.payload as Uint8Array<ArrayBuffer>,
          signal: AbortSignal.any([run.signal, AbortSignal.timeout(timeoutMs)]),
        });
      } catch (err) {
        run.signal.throwIfAborted();
        // A timeout or a lost connection may pass; SageMaker retries those (InvocationsMaxRetries).
        lastError =
          (err as Error).name === 'TimeoutError'
            ? `no answer within InvocationsTimeoutInSeconds (${timeoutMs / 1000} s)`
            : `${(err as Error).message}` +
              `${(err as { cause?: Error }).cause ? ` (${(err as { cause?: Error }).cause!.message})` : ''}`;
        run.log(inst.id, `${name}: attempt ${attempt + 1} failed: ${lastError}`);
        continue;
      }
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status === 200)
        return { body, ...(res.headers.get('content-type') ? { contentType: res.headers.get('content-type')! } : {}) };
      const message = body.toString('utf8').trim().slice(0, 600);
      run.log(inst.id, `${name}: ClientError: ${res.status}`);
      run.log(inst.id, `${name}: Message: ${message}`);
      lastError = `the model answered ${res.status}: ${message}`;
      // What the model says about a record does not change when it is asked again.
      if (!RETRYABLE_STATUS.has(res.status)) {
        throw new TransformFailure(
          `ClientError: ${name}: records ${batch.first + 1}-${batch.first + batch.count}: ${lastError}`.slice(0, 1024),
        );
      }
    }
    throw new TransformFailure(
      (
        `AlgorithmError: ${name}: instance ${inst.id} failed ${retries + 1} time${retries ? 's' : ''}: ` +
        `${lastError}`
      ).slice(0, 1024),
    );
  }

  // As many objects at a time as there are instances; each object's requests share all the slots.
  const queue = [...inputs];
  let failure: { err: unknown } | undefined;
  await Promise.all(
    run.instances.map(async () => {
      while (queue.length && !failure) {
        const obj = queue.shift()!;
        try {
          await transformObject(obj);
        } catch (err) {
          failure ??= { err };
        }
      }
    }),
  );
  if (failure) throw failure.err;
  return summary;
}

async function listInputs(
  run: TransformRun,
  source: CreateTransformJobRequest['TransformInput']['DataSource']['S3DataSource'],
): Promise<InputObject[]> {
  const store = run.objects;
  const loc = parseS3Uri(source.S3Uri);
  if (!loc) throw new TransformFailure(`ClientError: ${source.S3Uri} is not an s3:// URI`);
  if (!(await store.bucketExists(loc.bucket)))
    throw new TransformFailure(`ClientError: the bucket ${loc.bucket} of ${source.S3Uri} does not exist`);
  if (source.S3DataType === 'ManifestFile') {
    let manifest: ReturnType<typeof parseManifest>;
    try {
      manifest = parseManifest((await readAll(await store.get(loc.bucket, loc.key))).toString('utf8'));
    } catch (err) {
      throw new TransformFailure(`ClientError: the manifest ${source.S3Uri}: ${(err as Error).message}`);
    }
    if (!manifest.objects.length)
      throw new TransformFailure(`ClientError: the manifest ${source.S3Uri} lists no objects`);
    if (!(await run.mayRead(manifest.bucket)))
      throw new TransformFailure(
        `ClientError: the manifest ${source.S3Uri} names the bucket ${manifest.bucket}, ` +
          "which the job's owner may not read",
      );
    return manifest.objects.map((o) => ({ bucket: manifest.bucket, key: o.key, relative: o.relative }));
  }
  const found: InputObject[] = [];
  for await (const o of store.list(loc.bucket, loc.key)) {
    if (o.key.endsWith('/')) continue; // a "folder" marker
    found.push({ bucket: loc.bucket, key: o.key, relative: relativeKey(loc.key, o.key) });
  }
  if (!found.length) throw new TransformFailure(`ClientError: no objects found under ${source.S3Uri}`);
  return found;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}
