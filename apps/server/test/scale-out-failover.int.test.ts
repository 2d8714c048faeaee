// Two control-plane servers behind one address on one PostgreSQL database, with the Docker
// runtime: kill -9 of the server that holds a training job and an endpoint update mid-way — the
// survivor takes both over once their leases expire, each reaches the state it should, nothing
// runs twice, and a browser connected to the survivor hears it happen.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateTrainingJobCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import {
  adminClients,
  createPgDatabase,
  killInstances,
  sageMakerClient,
  signIn,
  startBalancer,
  startServer,
  waitFor,
} from '@tessera/test-support';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { uniqueName, useCleanups, type Harness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, tarEntries, trainingEnds, workUser, type WorkUser } from './work-fixture.ts';

const cleanup = useCleanups();

// After the crash the job's instance still reaches the control plane: its network's gateway route
// has moved from the dead server to the survivor.
const SLOW_TRAIN = `
import json, os, time, urllib.request
print('training started', flush=True)
time.sleep(20)
req = urllib.request.Request(os.environ['AWS_CONTAINER_CREDENTIALS_FULL_URI'],
                             headers={'Authorization': os.environ['AWS_CONTAINER_AUTHORIZATION_TOKEN']})
creds = json.load(urllib.request.urlopen(req, timeout=10))
open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.txt'), 'w').write('key ' + creds['AccessKeyId'][:4])
print('training finished', flush=True)
`;
// Multiplies its input by `factor`; an input of [9] takes 12 s (a call still in flight during an update).
const inference = (factor: number) =>
  `import time\ndef model_fn(d):\n    return ${factor}\ndef predict_fn(data, m):\n` +
  `    if list(data) == [9]:\n        time.sleep(12)\n    return [x * m for x in data]\n`;

/** Containers of one resource's instances running now. */
const runningOf = (resourceId: string) =>
  execFileSync('docker', ['ps', '-q', '--no-trunc', '--filter', `label=tessera.work-resource=${resourceId}`])
    .toString()
    .split('\n')
    .filter(Boolean);

/** Containers of one resource's instances Docker saw start since `since` (epoch seconds), but `except`. */
function starts(resourceId: string, since: number, except: string[] = []): number {
  const out = execFileSync('docker', [
    'events',
    '--since',
    String(since),
    '--until',
    String(Math.ceil(Date.now() / 1000)),
    '--filter',
    `label=tessera.work-resource=${resourceId}`,
    '--filter',
    'event=start',
    '--format',
    '{{.ID}}',
  ]).toString();
  return out.split('\n').filter((id) => id && !except.includes(id)).length;
}

/** Two servers with the Docker runtime on one PostgreSQL database, behind one balancer, and a user. */
async function twoServers(extraEnv: Record<string, string> = {}) {
  const db = await createPgDatabase();
  cleanup(() => db.drop());
  const sql = new pg.Client({ connectionString: db.url });
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-shared-'));
  cleanup(async () => {
    await killInstances(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const env = { TESSERA_SECRET_KEY: randomBytes(32).toString('base64'), TESSERA_BACKEND: 'docker', ...extraEnv };
  const a = await startServer({ databaseUrl: db.url, dataDir, env });
  const b = await startServer({ databaseUrl: db.url, dataDir, env });
  cleanup(
    () => a.stop(),
    () => b.stop(),
  );
  await sql.connect();
  cleanup(() => sql.end());
  const lb = await startBalancer([a.url, b.url]);
  cleanup(() => lb.close());
  // Everything through the one address, as users would reach it.
  const h = { server: { ...a, url: lb.url }, ...(await adminClients({ ...a, url: lb.url })) } as unknown as Harness;
  const u = await workUser(h);
  return { a, b, lb, sql, u };
}

/** One endpoint config per factor, each serving a model that multiplies its input by it. */
async function multiplierConfigs(u: WorkUser, factors: number[]): Promise<string[]> {
  const models: string[] = [];
  for (const factor of factors) {
    const data = await u.put(`model/${factor}.tar.gz`, await sourceDir({ 'code/inference.py': inference(factor) }));
    const name = uniqueName(`m${factor}`);
    await u.sagemaker.send(
      new CreateModelCommand({
        ModelName: name,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: {
          Image: SKLEARN_IMAGE,
          ModelDataUrl: data,
          Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
        },
      }),
    );
    models.push(name);
  }
  const configs: string[] = [];
  for (const model of models) {
    const name = uniqueName('c');
    await u.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: name,
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
        ],
      }),
    );
    configs.push(name);
  }
  return configs;
}

describe('two servers behind one address', { timeout: 300_000 }, () => {
  it('finish a training job and an endpoint update that the killed server held, once each', async () => {
    const { a, b, lb, sql, u } = await twoServers();
    const retrying = (url: string) => sageMakerClient(url, u.credentials);
    const code = await u.put('code/sourcedir.tar.gz', await sourceDir({ 'train.py': SLOW_TRAIN }));
    await u.put('data/x.csv', '1\n');
    const configs = await multiplierConfigs(u, [1, 3]);
    const ep = uniqueName('ep');
    await u.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: configs[0] }));
    const inService = () =>
      waitFor(
        async () =>
          (await retrying(lb.url).send(new DescribeEndpointCommand({ EndpointName: ep }))).EndpointStatus ===
            'InService' || undefined,
        'endpoint InService',
        150_000,
        250,
      );
    await inService();
    const before = runningOf(ep); // an endpoint's instances are labelled with its name
    expect(before).toHaveLength(1);

    // A browser on B, the server that will survive.
    const onB = await signIn(b.url, 'admin', a.adminPassword);
    const ws = new WebSocket(`${b.url.replace('http', 'ws')}/api/v1/events`, { headers: { cookie: onB.cookie } });
    cleanup(() => ws.close());
    await new Promise((r) => ws.once('message', r)); // hello
    const heard: { resourceArn: string; status?: string }[] = [];
    ws.on('message', (m) => heard.push(JSON.parse(String(m))));

    // Both asked of A directly, so A holds both leases; then A dies mid-way through each.
    const viaA = sageMakerClient(a.url, u.credentials);
    const job = uniqueName('failover');
    const since = Math.floor(Date.now() / 1000) - 1;
    await viaA.send(
      new CreateTrainingJobCommand({
        TrainingJobName: job,
        RoleArn: ROLE,
        AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
        HyperParameters: { sagemaker_program: '"train.py"', sagemaker_submit_directory: JSON.stringify(code) },
        InputDataConfig: [
          {
            ChannelName: 'train',
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${u.bucket}/data/` } },
          },
        ],
        OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/out` },
        ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 300 },
      }),
    );
    await waitFor(
      async () =>
        (await viaA.send(new DescribeTrainingJobCommand({ TrainingJobName: job }))).SecondaryStatus === 'Training' ||
        undefined,
      'training',
      90_000,
      200,
    );
    await viaA.send(new UpdateEndpointCommand({ EndpointName: ep, EndpointConfigName: configs[1] }));
    expect((await viaA.send(new DescribeEndpointCommand({ EndpointName: ep }))).EndpointStatus).toBe('Updating');
    const jobId = (await sql.query('SELECT id FROM "Job" WHERE name = $1', [job])).rows[0].id as string;
    const holders = await sql.query('SELECT key, holder FROM "ReconcileLease" WHERE key = ANY($1)', [
      [`trainingJob/${jobId}`, `endpoint/${ep}`],
    ]);
    expect(holders.rows.map((r) => r.holder)).toEqual([`${hostname()}:${a.port}`, `${hostname()}:${a.port}`]);
    await a.stop('SIGKILL');

    // The balancer sends every request to B now; clients retry what the crash cut off.
    const sm = retrying(lb.url);
    const done = await trainingEnds(sm, job, 150_000);
    expect(done.FailureReason).toBeUndefined();
    expect(done.TrainingJobStatus).toBe('Completed');
    expect(done.SecondaryStatusTransitions!.filter((t) => t.Status === 'Training')).toHaveLength(1);
    const artifact = await u.get(`out/${job}/output/model.tar.gz`);
    expect(await tarEntries(artifact)).toContain('model.txt');
    expect(gunzipSync(artifact).toString('latin1')).toMatch(/key ASIA/); // temporary credentials, from B
    expect(starts(jobId, since)).toBe(1); // its container ran once: adopted by B, not started again

    await inService();
    const d = await sm.send(new DescribeEndpointCommand({ EndpointName: ep }));
    expect(d.EndpointConfigName).toBe(configs[1]);
    expect(d.ProductionVariants![0]!.CurrentInstanceCount).toBe(1);
    const runtime = new SageMakerRuntimeClient({ endpoint: lb.url, region: 'us-east-1', credentials: u.credentials });
    const r = await runtime.send(
      new InvokeEndpointCommand({ EndpointName: ep, Body: Buffer.from('[1,2]'), ContentType: 'application/json' }),
    );
    expect(JSON.parse(Buffer.from(r.Body!).toString())).toEqual([3, 6]); // the new model answers
    // The update started one new instance in all, and only that one still runs.
    expect(starts(ep, since, before)).toBe(1);
    // The old instance is stopped once the new one serves (its in-flight calls drained first).
    const after = await waitFor(
      async () => (runningOf(ep).some((id) => before.includes(id)) ? undefined : runningOf(ep)),
      'the old instance stopped',
      30_000,
      250,
    );
    expect(after).toHaveLength(1);

    // The survivor's browser heard both reach their end.
    const arnOf = (kind: string, name: string) =>
      heard.find((e) => e.resourceArn.toLowerCase().endsWith(`:${kind}/${name}`.toLowerCase()));
    await waitFor(
      async () =>
        heard.some(
          (e) => e.resourceArn.toLowerCase().endsWith(`:training-job/${job}`.toLowerCase()) && e.status === 'Completed',
        ) || undefined,
      "the job's Completed event on B's socket",
      10_000,
      100,
    );
    expect(arnOf('endpoint', ep)).toBeDefined();
    expect(
      heard.some(
        (e) => e.resourceArn.toLowerCase().endsWith(`:endpoint/${ep}`.toLowerCase()) && e.status === 'InService',
      ),
    ).toBe(true);
    expect(b.output.join('\n')).not.toMatch(/"level":50/);
  });

  it("scale an endpoint on the invocations both servers routed, not on either one's share", async () => {
    const { a, b, lb, u } = await twoServers({ TESSERA_AUTOSCALING_INTERVAL_SECONDS: '3' });
    const [config] = await multiplierConfigs(u, [1]);
    const ep = uniqueName('ep');
    await u.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: config }));
    const countIs = (n: number) =>
      waitFor(
        async () => {
          const d = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: ep }));
          return d.EndpointStatus === 'InService' && d.ProductionVariants![0]!.CurrentInstanceCount === n
            ? d
            : undefined;
        },
        `${n} instance(s) InService`,
        120_000,
        250,
      );
    await countIs(1);
    const aas = new ApplicationAutoScalingClient({ endpoint: lb.url, region: 'us-east-1', credentials: u.credentials });
    const target = {
      ServiceNamespace: 'sagemaker' as const,
      ResourceId: `endpoint/${ep}/variant/AllTraffic`,
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' as const,
    };
    await aas.send(new RegisterScalableTargetCommand({ ...target, MinCapacity: 1, MaxCapacity: 2 }));
    // ~10 calls per 3 s window through each server: 200 a minute each, 400 together. Only the sum
    // passes the target of 300 per instance per minute.
    await aas.send(
      new PutScalingPolicyCommand({
        ...target,
        PolicyName: 'invocations',
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 300,
          PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
          ScaleOutCooldown: 0,
          ScaleInCooldown: 600,
        },
      }),
    );
    let stop = false;
    const load = [a.url, b.url].map(async (url) => {
      const runtime = new SageMakerRuntimeClient({ endpoint: url, region: 'us-east-1', credentials: u.credentials });
      while (!stop) {
        await runtime
          .send(
            new InvokeEndpointCommand({ EndpointName: ep, Body: Buffer.from('[1]'), ContentType: 'application/json' }),
          )
          .catch(() => undefined);
        await new Promise((r) => setTimeout(r, 300));
      }
    });
    try {
      const scaled = await countIs(2);
      expect(scaled.ProductionVariants![0]!.DesiredInstanceCount).toBe(2);
    } finally {
      stop = true;
      await Promise.all(load);
    }
  });

  it("keep an updated endpoint's old instance until calls in flight to it on the other server finish", async () => {
    const { a, b, u } = await twoServers();
    const configs = await multiplierConfigs(u, [1, 3]);
    const ep = uniqueName('ep');
    await u.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: configs[0] }));
    await waitFor(
      async () =>
        (await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: ep }))).EndpointStatus === 'InService' ||
        undefined,
      'endpoint InService',
      120_000,
      250,
    );
    // A 12 s call through B to the old instance; meanwhile A, asked directly, updates the endpoint.
    const viaB = new SageMakerRuntimeClient({
      endpoint: b.url,
      region: 'us-east-1',
      credentials: u.credentials,
      maxAttempts: 1,
    });
    const slow = viaB.send(
      new InvokeEndpointCommand({ EndpointName: ep, Body: Buffer.from('[9]'), ContentType: 'application/json' }),
    );
    await new Promise((r) => setTimeout(r, 500));
    const viaA = sageMakerClient(a.url, u.credentials);
    await viaA.send(new UpdateEndpointCommand({ EndpointName: ep, EndpointConfigName: configs[1] }));
    await waitFor(
      async () => {
        const d = await viaA.send(new DescribeEndpointCommand({ EndpointName: ep }));
        return d.EndpointStatus === 'InService' && d.EndpointConfigName === configs[1] ? d : undefined;
      },
      'the update done',
      120_000,
      250,
    );
    const r = await slow;
    expect(JSON.parse(Buffer.from(r.Body!).toString())).toEqual([9]); // the old model (×1) answered in full
  });
});
