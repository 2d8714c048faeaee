// DataCaptureConfig: a sample of requests and responses written to S3 as JSON lines, in the record
// format SageMaker Model Monitor reads (captureData.endpointInput / endpointOutput, eventMetadata),
// under <DestinationS3Uri>/<endpoint>/<variant>/yyyy/mm/dd/hh/. Records are buffered and written
// as one object per endpoint/variant every few seconds, not one object per request.
import { randomUUID } from 'node:crypto';
import type { DataCaptureConfig } from '@tessera/contracts';
import type { Logger } from '../../platform/logger.ts';
import { parseS3Uri, type ObjectStore } from '../../platform/objects/object-store.ts';

const FLUSH_MS = 2_000;

export interface Captured {
  endpoint: string;
  /** Who owns the endpoint: the capture goes only to a bucket that is still theirs. */
  ownerUserId: string | null;
  variant: string;
  config: DataCaptureConfig;
  input: { contentType: string; body: Buffer };
  output: { contentType: string; body: Buffer };
  time: Date;
  inferenceId?: string;
}

function encode(config: DataCaptureConfig, contentType: string, body: Buffer): { encoding: string; data: string } {
  const csv = config.CaptureContentTypeHeader?.CsvContentTypes ?? ['text/csv'];
  const json = config.CaptureContentTypeHeader?.JsonContentTypes ?? ['application/json', 'application/jsonlines'];
  const base = contentType.split(';')[0]!.trim();
  if (csv.includes(base)) return { encoding: 'CSV', data: body.toString('utf8') };
  if (json.includes(base)) return { encoding: 'JSON', data: body.toString('utf8') };
  return { encoding: 'BASE64', data: body.toString('base64') };
}

export function captureRecord(c: Captured): string {
  const modes = new Set(c.config.CaptureOptions.map((o) => o.CaptureMode));
  const input = modes.has('Input') || modes.has('InputAndOutput');
  const output = modes.has('Output') || modes.has('InputAndOutput');
  return JSON.stringify({
    captureData: {
      ...(input
        ? {
            endpointInput: {
              observedContentType: c.input.contentType,
              mode: 'INPUT',
              ...encode(c.config, c.input.contentType, c.input.body),
            },
          }
        : {}),
      ...(output
        ? {
            endpointOutput: {
              observedContentType: c.output.contentType,
              mode: 'OUTPUT',
              ...encode(c.config, c.output.contentType, c.output.body),
            },
          }
        : {}),
    },
    eventMetadata: {
      eventId: randomUUID(),
      ...(c.inferenceId ? { inferenceId: c.inferenceId } : {}),
      inferenceTime: c.time.toISOString().replace(/\.\d+Z$/, 'Z'),
    },
    eventVersion: '0',
  });
}

export function createDataCapture(deps: {
  objects: ObjectStore;
  logger: Logger;
  /** Whether the owner may use the bucket now (jobs/owner-store.ts): names change hands. */
  mayUse: (ownerUserId: string | null, bucket: string) => Promise<boolean>;
}) {
  const buffers = new Map<
    string,
    { config: DataCaptureConfig; endpoint: string; ownerUserId: string | null; variant: string; lines: string[] }
  >();
  const timer = setInterval(() => void flush(), FLUSH_MS);
  timer.unref();

  async function flush(): Promise<void> {
    const batches = [...buffers.values()];
    buffers.clear();
    for (const b of batches) {
      const loc = parseS3Uri(b.config.DestinationS3Uri)!;
      const now = new Date();
      const p = (n: number) => String(n).padStart(2, '0');
      const base = loc.key.replace(/\/+$/, '');
      const key =
        `${base ? `${base}/` : ''}${b.endpoint}/${b.variant}/${now.getUTCFullYear()}/${p(now.getUTCMonth() + 1)}/` +
        `${p(now.getUTCDate())}/${p(now.getUTCHours())}/${p(now.getUTCMinutes())}-${p(now.getUTCSeconds())}-` +
        `${now.getUTCMilliseconds()}-${randomUUID()}.jsonl`;
      try {
        if (!(await deps.mayUse(b.ownerUserId, loc.bucket))) {
          deps.logger.warn(
            { endpoint: b.endpoint, bucket: loc.bucket },
            "data capture dropped: the bucket no longer belongs to the endpoint's owner",
          );
          continue;
        }
        await deps.objects.put(loc.bucket, key, Buffer.from(b.lines.join('\n') + '\n'), {
          contentType: 'application/jsonlines',
        });
      } catch (err) {
        deps.logger.warn(
          { err, endpoint: b.endpoint, destination: b.config.DestinationS3Uri },
          'data capture could not be written',
        );
      }
    }
  }

  return {
    /** Takes one invocation into the sample with the configured probability. */
    offer(c: Captured) {
      if (Math.random() * 100 >= c.config.InitialSamplingPercentage) return;
      const key = `${c.endpoint}\0${c.variant}`;
      const buf = buffers.get(key) ?? {
        config: c.config,
        endpoint: c.endpoint,
        ownerUserId: c.ownerUserId,
        variant: c.variant,
        lines: [],
      };
      buf.lines.push(captureRecord(c));
      buffers.set(key, buf);
    },
    flush,
    close() {
      clearInterval(timer);
      return flush();
    },
  };
}
export type DataCapture = ReturnType<typeof createDataCapture>;
