// bench/jobs, on the docker backend with the SageMaker images scripts/docker.sh builds:
//  1. InvokeEndpoint through Tessera, through a bare Node proxy (the floor for any Node hop here)
//     and to the same serving container directly, taking turns, at 1 and 16 callers, with the SDK
//     client, a plain keep-alive client and wrk replaying a pre-signed request (the server's cost
//     without the SDK's);
//  2. CreateTrainingJob → container running, and → Completed for a trivial script;
//  3. batch transform records/s beside the container sent the same batches directly.
// Prints figures beside the targets; never fails on a time. BENCH_CPU_PROF=<dir> writes a CPU
// profile of the server (the inspector's sampling profiler, as --cpu-prof) for the run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { adminClients, startServer, waitFor } from '@tessera/test-support';
import { ensureWrk } from '../api/wrk.ts';
import { createBucket, presignInvoke, putObject } from './aws.ts';
import { dockerAnswers, endpointContainerUrls } from './docker.ts';
import { alternate, alternateWrk, plainCalls, sdkCalls, wrkInvokeScript, type Measured, type Side } from './invoke.ts';
import {
  SKLEARN_IMAGE,
  timeToCompleted,
  timeToRunning,
  TRAIN_SCRIPTS,
  type CompleteRow,
  type StartRow,
} from './training.ts';
import { sigv4MicrosPerCall } from './sigv4-cost.ts';
import * as transform from './transform.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 1000);
const LEVELS = [1, 16];
const START_JOBS = Number(process.env.BENCH_START_JOBS ?? 5);
const COMPLETE_JOBS = Number(process.env.BENCH_COMPLETE_JOBS ?? 3);
const TRANSFORM_RECORDS = Number(process.env.BENCH_TRANSFORM_RECORDS ?? 1_000_000);
const ROLE = 'arn:aws:iam::123456789012:role/Bench';
const TARGET = { addedP50Ms: 0.5, throughputRatio: 0.9, toRunningS: 1 };

// y = 2x + 1 over one feature per line, vectorised so a 1 MB batch costs the model little.
const INFERENCE = `
import os
import numpy as np
def model_fn(model_dir):
    w, b = (float(v) for v in open(os.path.join(model_dir, 'coef.txt')).read().split(','))
    return w, b
def input_fn(body, content_type):
    text = body.decode() if isinstance(body, bytes) else body
    return np.array(text.split(), dtype=np.float64)
def predict_fn(x, model):
    return model[0] * x + model[1]
def output_fn(y, accept):
    return '\\n'.join(map(repr, y.tolist())), 'text/csv'
`;

function tarGz(files: Record<string, string>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tar-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    execFileSync('tar', ['czf', 'out.tar.gz', ...Object.keys(files)], { cwd: dir });
    return readFileSync(join(dir, 'out.tar.gz'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** utime + stime of a process, in ms (clock ticks are 10 ms here). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function machine(): string {
  const [l1, l5] = loadavg();
  return (
    `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
    `load average ${l1!.toFixed(2)} / ${l5!.toFixed(2)} (1 / 5 min)`
  );
}

async function endpointInService(sm: SageMakerClient, name: string) {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
      if (d.EndpointStatus === 'Failed') throw new Error(`endpoint failed: ${d.FailureReason}`);
      return d.EndpointStatus === 'InService' ? d : undefined;
    },
    `endpoint ${name} InService`,
    180_000,
    200,
  );
}

const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : '—');
const signed = (n: number, d = 2) => (n >= 0 ? `+${f(n, d)}` : f(n, d));
const pad = (s: string, n: number) => s.padStart(n);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

interface InvokeRow {
  client: string;
  callers: number;
  tessera: Side;
  proxy: Side;
  direct: Side;
  /** CPU time per call of the process in the path (Tessera's server, the bare proxy), µs. */
  cpuUs: { tessera: number; proxy: number };
}

function printInvoke(rows: InvokeRow[]) {
  console.log(
    `${'client'.padEnd(26)}${pad('callers', 8)}  ` +
      `${'path'.padEnd(17)}${pad('req/s', 7)}${pad('p50', 8)}${pad('p99', 8)}${pad('+p50', 8)}${pad('+p99', 8)}` +
      `${pad('÷direct', 9)}${pad('CPU/call', 10)}${pad('errors', 8)}`,
  );
  for (const r of rows) {
    const line = (client: string, path: string, x: Side, cpu?: number) => {
      const vsDirect =
        cpu === undefined
          ? ''.padEnd(35)
          : `${pad(signed(x.p50 - r.direct.p50), 8)}${pad(signed(x.p99 - r.direct.p99), 8)}` +
            `${pad(f(x.rps / r.direct.rps), 9)}${pad(`${f(cpu, 0)} µs`, 10)}`;
      console.log(
        `${client.padEnd(26)}${pad(client ? String(r.callers) : '', 8)}  ` +
          `${path.padEnd(17)}${pad(f(x.rps, 0), 7)}${pad(f(x.p50), 8)}${pad(f(x.p99), 8)}${vsDirect}` +
          `${pad(String(x.errors), 8)}`,
      );
    };
    line(r.client, 'Tessera', r.tessera, r.cpuUs.tessera);
    line('', 'bare Node proxy', r.proxy, r.cpuUs.proxy);
    line('', 'direct', r.direct);
  }
}

/** bare-proxy.mjs in its own process, in front of the container. */
async function startBareProxy(containerUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [new URL('./bare-proxy.mjs', import.meta.url).pathname, containerUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve(JSON.parse(line).port));
    child.once('exit', (code) => reject(new Error(`bare proxy exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

if (!(await dockerAnswers())) {
  console.log(
    'bench/jobs needs a Docker engine (TESSERA_BACKEND=docker) and the images from `bash scripts/docker.sh`: none ' +
      'answers here, nothing measured',
  );
  process.exit(0);
}

const profDir = process.env.BENCH_CPU_PROF;
const server = await startServer({
  env: {
    TESSERA_BACKEND: 'docker',
    LOG_LEVEL: 'warn',
    TESSERA_VALIDATE_RESPONSES: '0',
    ...(profDir
      ? {
          BENCH_CPU_PROF_DIR: profDir,
          NODE_OPTIONS: (
            `${process.env.NODE_OPTIONS ?? ''} ` + `--import ${new URL('./cpu-profile.mjs', import.meta.url).pathname}`
          ).trim(),
        }
      : {}),
  },
});
const before = machine();
let sm: SageMakerClient | undefined;
let endpoint: string | undefined;
let bare: ChildProcess | undefined;
try {
  const admin = await adminClients(server);
  sm = admin.sagemaker;
  const { credentials } = admin;
  const stamp = Date.now().toString(36);
  const bucket = `bench-jobs-${stamp}`;
  await createBucket(server.url, credentials, bucket);
  const modelData = await putObject(
    server.url,
    credentials,
    bucket,
    'model/model.tar.gz',
    tarGz({ 'coef.txt': '2,1', 'code/inference.py': INFERENCE }),
  );
  const code = await putObject(server.url, credentials, bucket, 'code/sourcedir.tar.gz', tarGz(TRAIN_SCRIPTS));
  const train = await putObject(server.url, credentials, bucket, 'train/train.csv', Buffer.from('3,1\n5,2\n7,3\n'));
  const records = transform.transformInput(TRANSFORM_RECORDS);
  await putObject(server.url, credentials, bucket, 'transform/in/records.csv', records);
  // Ten records: what a transform job costs besides its records (containers, S3, bookkeeping).
  await putObject(server.url, credentials, bucket, 'transform/tiny/records.csv', transform.transformInput(10));

  // ## 1. InvokeEndpoint
  const model = `bench-model-${stamp}`;
  await sm.send(
    new CreateModelCommand({
      ModelName: model,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: {
        Image: SKLEARN_IMAGE,
        ModelDataUrl: modelData,
        Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
      },
    }),
  );
  await sm.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: `bench-cfg-${stamp}`,
      ProductionVariants: [
        {
          VariantName: 'AllTraffic',
          ModelName: model,
          InstanceType: 'ml.m5.large',
          InitialInstanceCount: 1,
          InitialVariantWeight: 1,
        },
      ],
    }),
  );
  endpoint = `bench-ep-${stamp}`;
  const tCreate = Date.now();
  await sm.send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: `bench-cfg-${stamp}` }));
  await endpointInService(sm, endpoint);
  const endpointSeconds = (Date.now() - tCreate) / 1000;
  const urls = await endpointContainerUrls(endpoint);
  if (urls.length !== 1) throw new Error(`expected one serving container for ${endpoint}, found ${urls.length}`);
  const containerUrl = urls[0]!;
  const proxy = await startBareProxy(containerUrl);
  bare = proxy.child;
  const target = {
    serverUrl: server.url,
    proxyUrl: proxy.url,
    credentials,
    endpoint,
    containerUrl,
    body: Buffer.from('1.5'),
    contentType: 'text/csv',
  };
  const check = await fetch(`${containerUrl}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', accept: 'text/csv' },
    body: '1.5',
  }).then((r) => r.text());
  if (check !== '4.0') throw new Error(`the bench model answered ${JSON.stringify(check)} for 1.5, expected "4.0"`);

  const invokeRows: InvokeRow[] = [];
  const meters = [() => cpuMs(server.process.pid!), () => cpuMs(proxy.child.pid!), undefined];
  let idle = { cpuMs: 0, seconds: 0 };
  const row = (client: string, callers: number, m: Measured): InvokeRow => {
    idle = { cpuMs: idle.cpuMs + m.idleCpuMs[0]!, seconds: idle.seconds + m.idleSeconds[0]! };
    const perCall = (i: number) => (m.cpuMs[i]! * 1000) / m.sides[i]!.n;
    return {
      client,
      callers,
      tessera: m.sides[0]!,
      proxy: m.sides[1]!,
      direct: m.sides[2]!,
      cpuUs: { tessera: perCall(0), proxy: perCall(1) },
    };
  };
  for (const callers of LEVELS) {
    const sdk = sdkCalls(target);
    invokeRows.push(
      row(
        'AWS SDK (SigV4 per call)',
        callers,
        await alternate(callers, ROUNDS, SLICE_MS, [sdk.tessera, sdk.proxy, sdk.direct], meters),
      ),
    );
    const plain = await plainCalls(target, callers);
    invokeRows.push(
      row(
        'node:http, pre-signed',
        callers,
        await alternate(callers, ROUNDS, SLICE_MS, [plain.tessera, plain.proxy, plain.direct], meters),
      ),
    );
    plain.close();
  }
  if (ensureWrk()) {
    const signedHeaders = await presignInvoke(server.url, credentials, endpoint, target.body, target.contentType);
    const script = wrkInvokeScript(signedHeaders, target.body);
    const path = `/endpoints/${endpoint}/invocations`;
    const targets = [
      { url: `${server.url}${path}`, script },
      { url: `${proxy.url}${path}`, script },
      {
        url: `${containerUrl}/invocations`,
        script: wrkInvokeScript({ 'content-type': target.contentType, accept: target.contentType }, target.body),
      },
    ];
    for (const callers of LEVELS)
      invokeRows.push(
        row(
          'wrk, pre-signed',
          callers,
          await alternateWrk(
            callers,
            Math.max(1, Math.round(ROUNDS / 2)),
            Math.max(1, Math.round((2 * SLICE_MS) / 1000)),
            targets,
            meters,
          ),
        ),
      );
    for (const t of targets) rmSync(dirname(t.script), { recursive: true, force: true });
  } else {
    console.log('wrk is not installed and could not be (apt-get install wrk): its rows are skipped');
  }
  bare.kill('SIGTERM');
  bare = undefined;
  const invokeIdle = idle;
  const sigv4Us = await sigv4MicrosPerCall(server.url, credentials, endpoint, target.body, target.contentType);

  // ## 3. Batch transform (the endpoint's container is the direct side: same image, same model).
  const parts = transform.batches(records, transform.MAX_PAYLOAD_MB);
  const straight = await transform.direct(containerUrl, parts);
  let viaTessera: { big: transform.TransformRun; tiny: transform.TransformRun } | string =
    'this server has no CreateTransformJob';
  if (await transform.transformAvailable(sm)) {
    const job = (dir: string) =>
      transform.viaTessera(sm!, server.url, credentials, {
        name: `bench-tf-${dir}-${stamp}`,
        model,
        input: `s3://${bucket}/transform/${dir}/`,
        bucket,
        outputPrefix: `transform/out-${dir}`,
        inputKey: `transform/${dir}/records.csv`,
      });
    // Reported, not thrown: the rest of the figures stand on their own.
    viaTessera = await Promise.resolve()
      .then(async () => ({ tiny: await job('tiny'), big: await job('in') }))
      .catch((err: Error) => `the transform job did not complete: ${err.name}: ${err.message}`);
  }

  await sm.send(new DeleteEndpointCommand({ EndpointName: endpoint }));
  await waitFor(
    async () => ((await endpointContainerUrls(endpoint!)).length === 0 ? true : undefined),
    'endpoint containers gone',
    60_000,
    250,
  );
  endpoint = undefined;

  // ## 2. Training jobs, one at a time on a quiet server.
  const inputs = { bucket, code, train: train.replace(/train\.csv$/, '') };
  const starts: StartRow[] = [];
  for (let i = 0; i < START_JOBS; i++) starts.push(await timeToRunning(sm, inputs, ROLE, `bench-start-${stamp}-${i}`));
  const completes: CompleteRow[] = [];
  for (let i = 0; i < COMPLETE_JOBS; i++)
    completes.push(await timeToCompleted(sm, inputs, ROLE, `bench-done-${stamp}-${i}`));

  console.log(`\nbench/jobs — docker backend; client, server and containers on one machine: ${before}`);
  console.log(
    `endpoint: 1 × ml.m5.large (2 vCPU limit) on ${SKLEARN_IMAGE} → tessera/sagemaker-scikit-learn, ` +
      `InService ${endpointSeconds.toFixed(1)} s after CreateEndpoint`,
  );
  console.log(
    `\n## InvokeEndpoint, 1 small CSV record: through Tessera, through a bare Node proxy, ` +
      `and to the container at its own address; ${ROUNDS} rounds of ${SLICE_MS / 1000} s slices, taking turns\n`,
  );
  printInvoke(invokeRows);
  console.log(
    '\n(latencies in ms; +p50/+p99 over direct; ÷direct = req/s over direct; ' +
      "CPU/call = that process's CPU time per call through it, from /proc, read around its own slices)",
  );
  console.log(
    "Tessera server's background CPU while the other paths were measured: " +
      `${f(invokeIdle.cpuMs / invokeIdle.seconds, 1)} ms per second`,
  );
  console.log(
    `the server's SigV4 check alone (verifySigV4 on this request, in the bench process): ${f(sigv4Us, 0)} µs per call`,
  );
  for (const r of invokeRows) {
    const addedOk = r.tessera.p50 - r.direct.p50 <= TARGET.addedP50Ms;
    const ratioOk = r.tessera.rps / r.direct.rps >= TARGET.throughputRatio;
    console.log(
      `  ${r.client}, ${r.callers} caller(s): added p50 ${signed(r.tessera.p50 - r.direct.p50)} ms (target ≤ ` +
        `${TARGET.addedP50Ms}) ${addedOk ? 'met' : 'NOT met'}; ` +
        `throughput ${((100 * r.tessera.rps) / r.direct.rps).toFixed(0)} % of direct (target ≥ ` +
        `${TARGET.throughputRatio * 100} %) ${ratioOk ? 'met' : 'NOT met'}`,
    );
  }

  console.log(
    `\n## CreateTrainingJob → container running (script mode, ml.m5.large, one 3-line CSV channel), ` +
      `${starts.length} jobs one at a time\n`,
  );
  console.log(
    `${'job'.padEnd(6)}${pad('create call', 13)}${pad('container StartedAt', 20)}${pad('Training stamp', 16)}` +
      `${pad('Training seen', 15)}   phases (ms, from SecondaryStatusTransitions)`,
  );
  starts.forEach((s, i) => {
    console.log(
      `${String(i + 1).padEnd(6)}${pad(`${s.createMs} ms`, 13)}` +
        `${pad(s.containerStartedMs === undefined ? '—' : `${s.containerStartedMs.toFixed(0)} ms`, 20)}` +
        `${pad(`${s.trainingStampMs} ms`, 16)}${pad(`${s.trainingSeenMs} ms`, 15)}   ` +
        `${Object.entries(s.phases)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    );
  });
  const startedMedian = median(starts.map((s) => s.containerStartedMs ?? Number.NaN));
  console.log(
    `  median request → container StartedAt ${f(startedMedian / 1000)} s, ` +
      `→ Training seen ${f(median(starts.map((s) => s.trainingSeenMs)) / 1000)} s (target ≤ ` +
      `${TARGET.toRunningS} s) ${startedMedian / 1000 <= TARGET.toRunningS ? 'met' : 'NOT met'}`,
  );
  console.log(`\n## CreateTrainingJob → Completed, trivial script (writes one model file), ${completes.length} jobs\n`);
  completes.forEach((c, i) => {
    console.log(
      `${String(i + 1).padEnd(6)}Completed stamp ${c.completedStampMs} ms, seen ${c.completedSeenMs} ms   ` +
        `phases: ${Object.entries(c.phases)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    );
  });
  console.log(`  median → Completed seen ${f(median(completes.map((c) => c.completedSeenMs)) / 1000)} s`);

  console.log(
    `\n## Batch transform, ${TRANSFORM_RECORDS.toLocaleString('en')} one-feature CSV records ` +
      `(${(records.length / 2 ** 20).toFixed(1)} MiB), MultiRecord, ` +
      `${transform.MAX_PAYLOAD_MB} MB batches (${parts.length}), ${transform.CONCURRENCY} concurrent\n`,
  );
  console.log(
    `direct to the container, same batches: ${straight.records.toLocaleString('en')} records in ` +
      `${straight.seconds.toFixed(2)} s = ${(straight.records / straight.seconds).toFixed(0)} records/s`,
  );
  if (typeof viaTessera !== 'string') {
    const { big, tiny } = viaTessera;
    console.log(
      `Tessera CreateTransformJob: ${big.records.toLocaleString('en')} records; ` +
        `request → Completed ${big.totalSeconds.toFixed(2)} s = ${(big.records / big.totalSeconds).toFixed(0)} ` +
        `records/s; TransformStartTime → TransformEndTime ${f(big.runSeconds)} s = ` +
        `${f(big.records / big.runSeconds, 0)} records/s`,
    );
    const marginal = big.totalSeconds - tiny.totalSeconds;
    console.log(
      `  the same job on ${tiny.records} records: request → Completed ${tiny.totalSeconds.toFixed(2)} s ` +
        `(containers, S3, bookkeeping); the ${(big.records - tiny.records).toLocaleString('en')} more records ` +
        `took ${marginal.toFixed(2)} s more = ${f((big.records - tiny.records) / marginal, 0)} records/s`,
    );
  } else {
    console.log(`transform: not available yet (${viaTessera})`);
  }
  console.log(`\nmachine after the run: ${machine()}`);
} finally {
  bare?.kill('SIGTERM');
  if (sm && endpoint) await sm.send(new DeleteEndpointCommand({ EndpointName: endpoint })).catch(() => undefined);
  await server.stop();
  await server.cleanup();
}
