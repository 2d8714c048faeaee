// bench/swarm: a training job's start latency on the swarm runtime beside the single-host docker
// runtime, in one run, taking turns — CreateTrainingJob → SecondaryStatus Training first seen, and
// → Completed, for a container that sleeps 1 s — with each engine's own floor beside it: `docker run`
// of the same image on this host, and a replicated-job service created directly on the cluster.
// The cluster is the tests' (scripts/swarm-cluster.sh, three engines on this machine). Never fails on
// a time. Invocation latency on the swarm is not measured: endpoints still run on this host there.
import { execFileSync } from 'node:child_process';
import { CreateTrainingJobCommand, DescribeTrainingJobCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { adminClients, startServer, swarmClusterUp, type RunningServer } from '@tessera/test-support';
import { createBucket } from '../jobs/aws.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const ROLE = 'arn:aws:iam::123456789012:role/Bench';
const IMAGE = 'tessera/base:bookworm';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timeJob(sm: SageMakerClient, bucket: string, name: string): Promise<{ training: number; done: number }> {
  const t0 = performance.now();
  await sm.send(
    new CreateTrainingJobCommand({
      TrainingJobName: name,
      RoleArn: ROLE,
      AlgorithmSpecification: {
        TrainingImage: IMAGE,
        TrainingInputMode: 'File',
        ContainerEntrypoint: ['bash', '-c', 'sleep 1'],
      },
      OutputDataConfig: { S3OutputPath: `s3://${bucket}/out` },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
      StoppingCondition: { MaxRuntimeInSeconds: 120 },
    }),
  );
  let training = NaN;
  for (;;) {
    const d = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
    if (Number.isNaN(training) && ['Training', 'Uploading', 'Completed'].includes(d.SecondaryStatus ?? ''))
      training = performance.now() - t0;
    if (d.TrainingJobStatus === 'Completed') return { training, done: performance.now() - t0 };
    if (d.TrainingJobStatus !== 'InProgress') throw new Error(`${name}: ${d.TrainingJobStatus} ${d.FailureReason}`);
    await sleep(20);
  }
}

function timeDirectRun(): number {
  const t0 = performance.now();
  execFileSync('docker', ['run', '--rm', IMAGE, 'sleep', '1']);
  return performance.now() - t0;
}

async function timeDirectService(env: NodeJS.ProcessEnv, image: string, i: number): Promise<number> {
  const docker = (...args: string[]) => execFileSync('/usr/bin/docker', args, { env }).toString().trim();
  const name = `bench-direct-${i}`;
  const t0 = performance.now();
  docker(
    'service',
    'create',
    '-d',
    '-q',
    '--name',
    name,
    '--mode',
    'replicated-job',
    '--restart-condition',
    'none',
    '--constraint',
    'node.role==worker',
    '--endpoint-mode',
    'dnsrr',
    image,
    'sleep',
    '1',
  );
  while (!/Complete/.test(docker('service', 'ps', name, '--format', '{{.CurrentState}}'))) await sleep(20);
  const ms = performance.now() - t0;
  docker('service', 'rm', name);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) =>
  `${(median(xs) / 1000).toFixed(2)} s (${xs.map((x) => (x / 1000).toFixed(2)).join(', ')})`;

async function main() {
  const cluster = await swarmClusterUp();
  const { vars } = cluster;
  const servers: RunningServer[] = [];
  try {
    const single = await startServer({ env: { TESSERA_BACKEND: 'docker' } });
    servers.push(single);
    const swarm = await startServer({ env: cluster.serverEnv });
    servers.push(swarm);
    const sides = [];
    for (const [label, server] of [
      ['single host (docker)', single],
      ['swarm', swarm],
    ] as const) {
      const { sagemaker, credentials } = await adminClients(server);
      const bucket = `bench-${label.startsWith('swarm') ? 'swarm' : 'single'}`;
      await createBucket(server.url, credentials, bucket);
      sides.push({ label, sagemaker, bucket, training: [] as number[], done: [] as number[] });
    }
    // A first job each (image push, first pull on the nodes) is not counted.
    for (const s of sides) await timeJob(s.sagemaker, s.bucket, `warm-${s.bucket}`);
    const managerEnv = { ...process.env, DOCKER_HOST: vars.SWARM_MANAGER_HOST };
    const direct: number[] = [];
    const service: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      for (const s of sides) {
        const r = await timeJob(s.sagemaker, s.bucket, `job-${s.bucket}-${i}`);
        s.training.push(r.training);
        s.done.push(r.done);
      }
      direct.push(timeDirectRun());
      service.push(await timeDirectService(managerEnv, vars.SWARM_IMAGE!, i));
    }
    console.log(`\nTraining job start, ${ROUNDS} rounds taking turns (median, then each), container: sleep 1`);
    for (const s of sides) {
      console.log(`  ${s.label.padEnd(22)} → Training ${fmt(s.training)}   → Completed ${fmt(s.done)}`);
    }
    console.log(`  ${'docker run (floor)'.padEnd(22)} run to exit ${fmt(direct)}`);
    console.log(`  ${'swarm job (floor)'.padEnd(22)} service create → Complete ${fmt(service)}`);
    console.log(
      '  Invocation latency on the swarm: not measured (endpoints run on this host with TESSERA_BACKEND=swarm).',
    );
  } catch (err) {
    for (const s of servers) for (const l of s.output) if (/"level":(40|50)/.test(l)) console.error(l.slice(0, 600));
    throw err;
  } finally {
    for (const s of servers) {
      await s.stop();
      await s.cleanup();
    }
    await cluster.down();
  }
}

await main();
