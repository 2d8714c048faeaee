// Batch transform throughput in records/s: Tessera's CreateTransformJob over a CSV in S3, beside
// the same model's serving container sent the same batches directly (split at line boundaries to
// MaxPayloadInMB, MaxConcurrentTransforms at a time), as a transform job's data plane would.
import { Agent, request } from 'node:http';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import * as sagemaker from '@aws-sdk/client-sagemaker';
import type { Credentials } from '@tessera/test-support';
import { getObject } from './aws.ts';

export const MAX_PAYLOAD_MB = 1;
export const CONCURRENCY = 2;

/** One feature per line, as the bench's model reads it. */
export function transformInput(records: number): Buffer {
  const lines = new Array<string>(records);
  for (let i = 0; i < records; i++) lines[i] = ((i % 10_000) / 1000).toFixed(3);
  return Buffer.from(lines.join('\n') + '\n');
}

/** Splits at line ends into batches of at most `mb` MiB (MultiRecord, SplitType Line). */
export function batches(data: Buffer, mb: number): Buffer[] {
  const max = mb * 2 ** 20;
  const out: Buffer[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(data.length, start + max);
    if (end < data.length) end = data.lastIndexOf(0x0a, end - 1) + 1;
    out.push(data.subarray(start, end));
    start = end;
  }
  return out;
}

function post(agent: Agent, url: string, body: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'text/csv', accept: 'text/csv', 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks))
            : reject(new Error(`HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString().slice(0, 200)}`)),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const lineCount = (b: Buffer) => b.toString('latin1').split('\n').filter(Boolean).length;

export async function direct(containerUrl: string, parts: Buffer[]): Promise<{ seconds: number; records: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  try {
    let next = 0;
    let records = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < parts.length) {
          // Not `records += lineCount(await …)`: that reads `records` before the await and loses the other
          // worker's count.
          const answered = lineCount(await post(agent, `${containerUrl}/invocations`, parts[next++]!));
          records += answered;
        }
      }),
    );
    return { seconds: (performance.now() - started) / 1000, records };
  } finally {
    agent.destroy();
  }
}

/**
 * Whether this server has transform jobs (another change is adding them): asking for one that
 * does not exist must answer "not found", as SageMaker does, and not an unknown operation or an
 * internal error of a half-wired handler.
 */
export async function transformAvailable(sm: SageMakerClient): Promise<boolean> {
  const err = await sm
    .send(new sagemaker.DescribeTransformJobCommand({ TransformJobName: 'bench-probe-none' }))
    .catch((e: Error) => e);
  return (
    err instanceof Error &&
    (err.name === 'ValidationException' || err.name === 'ResourceNotFound') &&
    /not (found|exist)|could not find/i.test(err.message)
  );
}

export interface TransformRun {
  totalSeconds: number; // CreateTransformJob sent → Completed seen
  runSeconds: number; // TransformStartTime → TransformEndTime
  records: number; // lines in the .out object
}

export async function viaTessera(
  sm: SageMakerClient,
  base: string,
  credentials: Credentials,
  o: { name: string; model: string; input: string; bucket: string; outputPrefix: string; inputKey: string },
): Promise<TransformRun> {
  const t0 = Date.now();
  await sm.send(
    new sagemaker.CreateTransformJobCommand({
      TransformJobName: o.name,
      ModelName: o.model,
      MaxConcurrentTransforms: CONCURRENCY,
      MaxPayloadInMB: MAX_PAYLOAD_MB,
      BatchStrategy: 'MultiRecord',
      TransformInput: {
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: o.input } },
        ContentType: 'text/csv',
        SplitType: 'Line',
      },
      TransformOutput: { S3OutputPath: `s3://${o.bucket}/${o.outputPrefix}`, Accept: 'text/csv', AssembleWith: 'Line' },
      TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
    }),
  );
  let d: sagemaker.DescribeTransformJobCommandOutput;
  for (;;) {
    d = await sm.send(new sagemaker.DescribeTransformJobCommand({ TransformJobName: o.name }));
    if (d.TransformJobStatus === 'Failed' || d.TransformJobStatus === 'Stopped')
      throw new Error(`transform ${o.name} ${d.TransformJobStatus}: ${d.FailureReason ?? ''}`);
    if (d.TransformJobStatus === 'Completed') break;
    if (Date.now() - t0 > 600_000) throw new Error(`transform ${o.name} still ${d.TransformJobStatus}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const totalSeconds = (Date.now() - t0) / 1000;
  const file = o.inputKey.split('/').pop()!;
  const out = await getObject(base, credentials, o.bucket, `${o.outputPrefix}/${file}.out`);
  const runSeconds =
    d.TransformStartTime && d.TransformEndTime
      ? (d.TransformEndTime.getTime() - d.TransformStartTime.getTime()) / 1000
      : Number.NaN;
  return { totalSeconds, runSeconds, records: lineCount(out) };
}
