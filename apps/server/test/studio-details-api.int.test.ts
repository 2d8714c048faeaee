// The REST routes behind Studio's detail views, driven with a session cookie as the browser does,
// on the process runtime (built-in scikit-learn image as host processes): a job's description,
// metric series and logs; Stop; deploying a trained model and invoking it through the test-invoke
// route; endpoint figures that move; weights; delete. And the attacks: someone else's resources,
// operations outside the allow-list, another origin, no session.
import { CreateTrainingJobCommand, type CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import { waitFor, type Session } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { otherUser, uniqueName, useHarness } from './harness.ts';
import { linearCsv, ROLE, SKLEARN_IMAGE, sourceDir, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: '*' });

// Three epochs, so each metric is a series over time and not one point.
const TRAIN_PY = `
import os, time, joblib
import pandas as pd
from sklearn.linear_model import LinearRegression
df = pd.read_csv(os.path.join(os.environ['SM_CHANNEL_TRAIN'], 'train.csv'), header=None)
for epoch in range(3):
    m = LinearRegression().fit(df[[1]].iloc[: 50 * (epoch + 2)], df[0].iloc[: 50 * (epoch + 2)])
    mse = float(((m.predict(df[[1]]) - df[0]) ** 2).mean())
    print(f'epoch={epoch} train:mse={mse:.6f}', flush=True)
    time.sleep(0.05)
print(f'job={os.environ["TRAINING_JOB_NAME"]} coef={m.coef_[0]:.3f}', flush=True)
joblib.dump(m, os.path.join(os.environ['SM_MODEL_DIR'], 'model.joblib'))
`;
const INFERENCE_PY = `
import os, joblib
def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, 'model.joblib'))
def predict_fn(data, model):
    return model.predict(data.reshape(-1, 1))
`;
const SLEEP_PY = "import time\nprint('sleeping', flush=True)\ntime.sleep(600)\n";

interface Reply<T = any> {
  status: number;
  body: T;
}

/** A request as a browser page of this server sends it: the cookie, JSON, and no other origin unless given. */
async function call<T = any>(
  who: Session | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const r = await fetch(`${h.server.url}${path}`, {
    method,
    headers: {
      ...(who ? { cookie: who.cookie } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : { 'x-requested-with': 'tessera-test' }),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined };
}
const sm = <T = any>(who: Session | undefined, op: string, input: unknown = {}, headers?: Record<string, string>) =>
  call<T>(who, 'POST', `/api/v1/studio/sagemaker/${op}`, input, headers);

let u: WorkUser;
let mallory: Awaited<ReturnType<typeof otherUser>>;
let code: string;
let train: string;

function scriptJob(name: string, program: string): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: name,
    RoleArn: ROLE,
    AlgorithmSpecification: {
      TrainingImage: SKLEARN_IMAGE,
      TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'train:mse', Regex: 'train:mse=([0-9.]+)' }],
    },
    HyperParameters: {
      sagemaker_program: JSON.stringify(program),
      sagemaker_submit_directory: JSON.stringify(code),
      alpha: '0.5',
    },
    InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: train } } }],
    OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/output` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 5 },
    StoppingCondition: { MaxRuntimeInSeconds: 300 },
  };
}

async function describeUntil(who: Session, name: string, statuses: string[], timeoutMs: number) {
  return waitFor(
    async () => {
      const d = await sm(who, 'DescribeTrainingJob', { TrainingJobName: name });
      expect(d.status).toBe(200);
      return statuses.includes(d.body.TrainingJobStatus) ? d.body : undefined;
    },
    `training job ${name} ${statuses.join('/')}`,
    timeoutMs,
    250,
  );
}

async function logText(who: Session, kind: string, name: string): Promise<string> {
  const lines: string[] = [];
  let token: string | undefined;
  do {
    const q = new URLSearchParams({ kind, name, ...(token ? { nextToken: token } : {}) });
    const r = await call(who, 'GET', `/api/v1/studio/logs?${q}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    lines.push(...r.body.Events.map((e: { Message: string }) => e.Message));
    token = r.body.NextToken;
  } while (token);
  return lines.join('\n');
}

beforeAll(async () => {
  u = await workUser(h);
  mallory = await otherUser(h, uniqueName('mallory'), { profile: true });
  train = await u.put('data/train/train.csv', linearCsv(200));
  code = await u.put(
    'code/sourcedir.tar.gz',
    await sourceDir({ 'train.py': TRAIN_PY, 'inference.py': INFERENCE_PY, 'sleep.py': SLEEP_PY }),
  );
});

describe("Studio's detail views of jobs, models and endpoints", () => {
  const job = uniqueName('sk');
  const model = uniqueName('m');
  const config = uniqueName('cfg');
  const endpoint = uniqueName('ep');
  let artifacts: string;

  it("shows a training job's description, metric series and logs", async () => {
    await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(job, 'train.py')));
    const d = await describeUntil(u.session, job, ['Completed', 'Failed', 'Stopped'], 90_000);
    expect(d.FailureReason).toBeUndefined();
    expect(d.TrainingJobStatus).toBe('Completed');
    expect(d.HyperParameters.alpha).toBe('0.5');
    expect(d.SecondaryStatusTransitions.map((t: { Status: string }) => t.Status)).toContain('Training');
    expect(d.InputDataConfig[0].DataSource.S3DataSource.S3Uri).toBe(train);
    artifacts = d.ModelArtifacts.S3ModelArtifacts;
    expect(artifacts).toMatch(new RegExp(`^s3://${u.bucket}/output/${job}/`));

    const metrics = await call(u.session, 'GET', `/api/v1/studio/jobs/training/${job}/metrics`);
    expect(metrics.status).toBe(200);
    const mse = metrics.body.Metrics.find((m: { MetricName: string }) => m.MetricName === 'train:mse');
    expect(mse.Points).toHaveLength(3);
    expect(mse.Truncated).toBe(false);
    const times = mse.Points.map((p: { Timestamp: string }) => Date.parse(p.Timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(mse.Points.at(-1).Value).toBeCloseTo(d.FinalMetricDataList[0].Value, 5);
    // A view that has the series so far asks for what is new.
    const since = encodeURIComponent(mse.Points.at(-1).Timestamp);
    const newer = await call(u.session, 'GET', `/api/v1/studio/jobs/training/${job}/metrics?since=${since}`);
    expect(newer.body.Metrics[0].Points).toEqual([]);

    const text = await logText(u.session, 'TrainingJob', job);
    expect(text).toContain(`job=${job} coef=2.0`);
    expect(text).toMatch(/epoch=2 train:mse=/);
    // Paged: one event per page still reaches every line.
    const first = await call(u.session, 'GET', `/api/v1/studio/logs?kind=TrainingJob&name=${job}&limit=1`);
    expect(first.body.Events).toHaveLength(1);
    expect(first.body.NextToken).toBeTruthy();
    expect(first.body.LogGroupName).toBe('/aws/sagemaker/TrainingJobs');
  });

  it('stops a running job', async () => {
    const name = uniqueName('stop');
    await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(name, 'sleep.py')));
    await waitFor(
      async () => (await logText(u.session, 'TrainingJob', name)).includes('sleeping') || undefined,
      'the script to sleep',
      60_000,
      250,
    );
    expect((await sm(mallory.session, 'StopTrainingJob', { TrainingJobName: name })).status).toBe(404);
    expect((await sm(u.session, 'StopTrainingJob', { TrainingJobName: name })).status).toBe(200);
    expect((await describeUntil(u.session, name, ['Stopped', 'Failed', 'Completed'], 60_000)).TrainingJobStatus).toBe(
      'Stopped',
    );
  });

  it('deploys the trained model (model, config, endpoint) and invokes it from the test box', async () => {
    const described = await sm(u.session, 'DescribeTrainingJob', { TrainingJobName: job });
    const made = await sm(u.session, 'CreateModel', {
      ModelName: model,
      ExecutionRoleArn: ROLE,
      PrimaryContainer: {
        Image: described.body.AlgorithmSpecification.TrainingImage,
        ModelDataUrl: artifacts,
        Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: code },
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const cfg = await sm(u.session, 'CreateEndpointConfig', {
      EndpointConfigName: config,
      ProductionVariants: [
        { VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
      ],
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 100,
        DestinationS3Uri: `s3://${u.bucket}/capture`,
        CaptureOptions: [{ CaptureMode: 'InputAndOutput' }],
      },
    });
    expect(cfg.status, JSON.stringify(cfg.body)).toBe(200);
    const ep = await sm(u.session, 'CreateEndpoint', { EndpointName: endpoint, EndpointConfigName: config });
    expect(ep.status, JSON.stringify(ep.body)).toBe(200);
    const d = await waitFor(
      async () => {
        const r = await sm(u.session, 'DescribeEndpoint', { EndpointName: endpoint });
        if (r.body.EndpointStatus === 'Failed') throw new Error(`endpoint failed: ${r.body.FailureReason}`);
        return r.body.EndpointStatus === 'InService' ? r.body : undefined;
      },
      'endpoint InService',
      90_000,
      250,
    );
    expect(d.DataCaptureConfig.DestinationS3Uri).toBe(`s3://${u.bucket}/capture`);
    expect(d.ProductionVariants[0]).toMatchObject({ VariantName: 'AllTraffic', CurrentWeight: 1 });

    const models = await sm(u.session, 'ListModels', { NameContains: model });
    expect(models.body.Models.map((m: { ModelName: string }) => m.ModelName)).toEqual([model]);

    const r = await call(u.session, 'POST', `/api/v1/studio/endpoints/${endpoint}/invocations`, {
      Body: '3\n10',
      ContentType: 'text/csv',
      Accept: 'application/json',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ StatusCode: 200, InvokedProductionVariant: 'AllTraffic', BodyEncoding: 'utf8' });
    expect(r.body.ContentType).toMatch(/json/);
    const [a, b] = JSON.parse(r.body.Body) as number[];
    expect(a).toBeCloseTo(7, 1);
    expect(b).toBeCloseTo(21, 1);

    // The model's own error is an answer to show, not a failure of the route.
    const bad = await call(u.session, 'POST', `/api/v1/studio/endpoints/${endpoint}/invocations`, {
      Body: 'not,a,number',
      ContentType: 'text/csv',
    });
    expect(bad.status).toBe(200);
    expect(bad.body.StatusCode).toBeGreaterThanOrEqual(400);
    expect(bad.body.ModelError).toMatch(/from primary with message/);

    expect(await logText(u.session, 'Endpoint', endpoint)).toMatch(/listening on 127\.0\.0\.1:\d+/);
  });

  it("shows the endpoint's figures move as it is invoked, over REST and the runtime API alike", async () => {
    // The page learns of invocations through the events socket; another user's socket hears nothing.
    const heard = { owner: [] as any[], mallory: [] as any[] };
    const sockets = await Promise.all(
      (['owner', 'mallory'] as const).map(async (who) => {
        const ws = new WebSocket(`${h.server.url.replace('http', 'ws')}/api/v1/events`, {
          headers: { cookie: (who === 'owner' ? u.session : mallory.session).cookie },
        });
        await new Promise((r) => ws.once('message', r)); // hello
        ws.on('message', (m) => heard[who].push(JSON.parse(String(m))));
        return ws;
      }),
    );
    const before = await call(u.session, 'GET', `/api/v1/studio/endpoints/${endpoint}/metrics`);
    expect(before.status).toBe(200);
    const total = (body: any, key: string) =>
      body.Variants.flatMap((v: { Buckets: Record<string, number>[] }) => v.Buckets).reduce(
        (sum: number, b: Record<string, number>) => sum + b[key]!,
        0,
      );
    expect(before.body.Variants.map((v: { VariantName: string }) => v.VariantName)).toEqual(['AllTraffic']);
    expect(total(before.body, 'Invocations')).toBe(2);
    expect(total(before.body, 'ModelErrors')).toBe(1);
    expect(total(before.body, 'Invocation4XXErrors') + total(before.body, 'Invocation5XXErrors')).toBe(1);
    for (let i = 0; i < 3; i++)
      await u.runtime.send(
        new InvokeEndpointCommand({ EndpointName: endpoint, Body: Buffer.from('1'), ContentType: 'text/csv' }),
      );
    const after = await call(u.session, 'GET', `/api/v1/studio/endpoints/${endpoint}/metrics?minutes=5`);
    expect(total(after.body, 'Invocations')).toBe(5);
    const last = after.body.Variants[0].Buckets.at(-1);
    expect(last.ModelLatencyAverageMs).toBeGreaterThan(0);
    expect(last.ModelLatencyMaxMs).toBeGreaterThanOrEqual(last.ModelLatencyAverageMs);
    expect(after.body.WindowMinutes).toBe(180);
    const invoked = await waitFor(
      async () => heard.owner.find((e) => e.type === 'endpoint.invocations') ?? undefined,
      'an endpoint.invocations event',
      10_000,
    );
    expect(invoked.detail).toEqual({ name: endpoint });
    expect(invoked.resourceArn).toMatch(new RegExp(`:endpoint/${endpoint}$`));
    // Three invocations in a burst are one event, not three.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(heard.owner.filter((e) => e.type === 'endpoint.invocations')).toHaveLength(1);
    expect(heard.mallory.filter((e) => e.resourceArn === invoked.resourceArn)).toEqual([]);
    for (const ws of sockets) ws.close();
  });

  it('updates the variant weights', async () => {
    const r = await sm(u.session, 'UpdateEndpointWeightsAndCapacities', {
      EndpointName: endpoint,
      DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredWeight: 2 }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await waitFor(
      async () => {
        const d = (await sm(u.session, 'DescribeEndpoint', { EndpointName: endpoint })).body;
        return d.EndpointStatus === 'InService' && d.ProductionVariants[0].CurrentWeight === 2 ? d : undefined;
      },
      'weight 2 in service',
      60_000,
      250,
    );
    const history = await call(u.session, 'GET', `/api/v1/studio/endpoints/${endpoint}/history`);
    expect(history.status, JSON.stringify(history.body)).toBe(200);
    expect(history.body.EndpointName).toBe(endpoint);
    expect(
      history.body.Events.map((e: any) => [e.Status, e.Change ?? null, e.EndpointConfigName, e.Reason ?? null]),
    ).toEqual([
      ['Creating', 'Created', config, null],
      ['InService', null, config, null],
      ['InService', 'AllTraffic: weight 1 → 2', config, null],
    ]);
    const times = history.body.Events.map((e: any) => Date.parse(e.Time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("gives another user nothing of someone else's job, model or endpoint, as the SageMaker API does", async () => {
    const m = mallory.session;
    const missing = uniqueName('none');
    // Each pair: the victim's resource, then one that does not exist — answered alike.
    const pairs: [string, (name: string) => Promise<Reply>][] = [
      ['job', (n) => sm(m, 'DescribeTrainingJob', { TrainingJobName: n })],
      ['job', (n) => sm(m, 'StopTrainingJob', { TrainingJobName: n })],
      ['job', (n) => call(m, 'GET', `/api/v1/studio/jobs/training/${n}/metrics`)],
      ['job', (n) => call(m, 'GET', `/api/v1/studio/logs?kind=TrainingJob&name=${n}`)],
      ['model', (n) => sm(m, 'DescribeModel', { ModelName: n })],
      [
        'model',
        (n) =>
          sm(m, 'CreateEndpointConfig', {
            EndpointConfigName: uniqueName('steal'),
            ProductionVariants: [
              { VariantName: 'v', ModelName: n, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
            ],
          }),
      ],
      ['config', (n) => sm(m, 'DescribeEndpointConfig', { EndpointConfigName: n })],
      ['config', (n) => sm(m, 'CreateEndpoint', { EndpointName: uniqueName('steal'), EndpointConfigName: n })],
      ['endpoint', (n) => sm(m, 'DescribeEndpoint', { EndpointName: n })],
      [
        'endpoint',
        (n) =>
          sm(m, 'UpdateEndpointWeightsAndCapacities', {
            EndpointName: n,
            DesiredWeightsAndCapacities: [{ VariantName: 'AllTraffic', DesiredWeight: 0 }],
          }),
      ],
      ['endpoint', (n) => sm(m, 'DeleteEndpoint', { EndpointName: n })],
      ['endpoint', (n) => call(m, 'GET', `/api/v1/studio/logs?kind=Endpoint&name=${n}`)],
      ['endpoint', (n) => call(m, 'GET', `/api/v1/studio/endpoints/${n}/metrics`)],
      ['endpoint', (n) => call(m, 'GET', `/api/v1/studio/endpoints/${n}/history`)],
      [
        'endpoint',
        (n) => call(m, 'POST', `/api/v1/studio/endpoints/${n}/invocations`, { Body: '1', ContentType: 'text/csv' }),
      ],
    ];
    const names: Record<string, string> = { job, model, config, endpoint };
    for (const [kind, attempt] of pairs) {
      const theirs = await attempt(names[kind]!);
      const none = await attempt(missing);
      expect([403, 404], `${kind}: ${JSON.stringify(theirs.body)}`).toContain(theirs.status);
      expect(none.status, kind).toBe(theirs.status);
      expect(none.body.error.code, kind).toBe(theirs.body.error.code);
      expect(none.body.error.message.replaceAll(missing, names[kind]!), kind).toBe(theirs.body.error.message);
    }
    const lists = await Promise.all([
      sm(m, 'ListTrainingJobs', {}),
      sm(m, 'ListModels', {}),
      sm(m, 'ListEndpointConfigs', {}),
      sm(m, 'ListEndpoints', {}),
    ]);
    expect(JSON.stringify(lists.map((l) => l.body))).not.toMatch(new RegExp(`${job}|${model}|${config}|${endpoint}`));
    // Nothing changed underneath the owner.
    const d = (await sm(u.session, 'DescribeEndpoint', { EndpointName: endpoint })).body;
    expect(d.EndpointStatus).toBe('InService');
    expect(d.ProductionVariants[0].CurrentWeight).toBe(2);
  });

  it('refuses operations outside the allow-list, other origins and requests without a session', async () => {
    for (const [op, input] of [
      ['DeleteModel', { ModelName: model }],
      ['CreateTrainingJob', scriptJob(uniqueName('no'), 'train.py')],
      ['CreateDomain', { DomainName: 'x', AuthMode: 'IAM', DefaultUserSettings: { ExecutionRole: ROLE } }],
      ['CreatePresignedDomainUrl', { DomainId: 'd-x', UserProfileName: 'p' }],
    ] as const) {
      const r = await sm(u.session, op, input);
      expect(r.status, op).toBe(404);
    }
    expect((await sm(u.session, 'DescribeModel', { ModelName: model })).status).toBe(200);

    const evil = { origin: 'https://evil.example' };
    const crossSite = [
      await sm(u.session, 'DeleteEndpoint', { EndpointName: endpoint }, evil),
      await sm(u.session, 'StopTrainingJob', { TrainingJobName: job }, evil),
      await call(u.session, 'POST', `/api/v1/studio/endpoints/${endpoint}/invocations`, { Body: '1' }, evil),
    ];
    for (const r of crossSite) expect(r.status, JSON.stringify(r.body)).toBe(403);
    // A cross-site form can send text/plain without custom headers; it is refused before anything runs.
    const form = await fetch(`${h.server.url}/api/v1/studio/sagemaker/DeleteEndpoint`, {
      method: 'POST',
      headers: { cookie: u.session.cookie, 'content-type': 'text/plain' },
      body: JSON.stringify({ EndpointName: endpoint }),
    });
    expect(form.status).toBe(400);
    expect((await sm(u.session, 'DescribeEndpoint', { EndpointName: endpoint })).body.EndpointStatus).toBe('InService');

    const anonymous = [
      await sm(undefined, 'DescribeTrainingJob', { TrainingJobName: job }),
      await sm(undefined, 'DeleteEndpoint', { EndpointName: endpoint }),
      await call(undefined, 'GET', `/api/v1/studio/jobs/training/${job}/metrics`),
      await call(undefined, 'GET', `/api/v1/studio/logs?kind=TrainingJob&name=${job}`),
      await call(undefined, 'POST', `/api/v1/studio/endpoints/${endpoint}/invocations`, { Body: '1' }),
      await call(undefined, 'GET', `/api/v1/studio/endpoints/${endpoint}/metrics`),
      await call(undefined, 'GET', `/api/v1/studio/endpoints/${endpoint}/history`),
    ];
    for (const r of anonymous) expect(r.status).toBe(401);
  });

  it('deletes the endpoint', async () => {
    expect((await sm(u.session, 'DeleteEndpoint', { EndpointName: endpoint })).status).toBe(200);
    await waitFor(
      async () => (await sm(u.session, 'DescribeEndpoint', { EndpointName: endpoint })).status === 404 || undefined,
      'endpoint gone',
      60_000,
      250,
    );
    const r = await call(u.session, 'POST', `/api/v1/studio/endpoints/${endpoint}/invocations`, { Body: '1' });
    expect(r.status).toBe(404);

    // The name outlives its owner's endpoint, not its history: whoever takes it next starts with none.
    const m = mallory.session;
    const theirs = uniqueName('mm');
    const image = (await sm(u.session, 'DescribeModel', { ModelName: model })).body.PrimaryContainer.Image;
    expect((await sm(m, 'CreateModel', { ModelName: theirs, PrimaryContainer: { Image: image } })).status).toBe(200);
    const theirConfig = await sm(m, 'CreateEndpointConfig', {
      EndpointConfigName: theirs,
      ProductionVariants: [
        { VariantName: 'Mine', ModelName: theirs, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
      ],
    });
    expect(theirConfig.status, JSON.stringify(theirConfig.body)).toBe(200);
    const taken = await sm(m, 'CreateEndpoint', { EndpointName: endpoint, EndpointConfigName: theirs });
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    const history = await call(m, 'GET', `/api/v1/studio/endpoints/${endpoint}/history`);
    expect(history.body.Events[0]).toMatchObject({ Status: 'Creating', Change: 'Created', EndpointConfigName: theirs });
    expect(JSON.stringify(history.body)).not.toMatch(new RegExp(`${config}|AllTraffic`));
    expect((await call(u.session, 'GET', `/api/v1/studio/endpoints/${endpoint}/history`)).status).toBe(404);
    expect((await sm(m, 'DeleteEndpoint', { EndpointName: endpoint })).status).toBe(200);
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await call(undefined, 'GET', '/api/v1/openapi.json')).body;
    expect(doc.paths['/api/v1/studio/sagemaker/DescribeTrainingJob'].post.requestBody).toBeTruthy();
    expect(doc.paths['/api/v1/studio/jobs/{kind}/{name}/metrics'].get).toBeTruthy();
    expect(doc.paths['/api/v1/studio/endpoints/{name}/invocations'].post).toBeTruthy();
    expect(doc.paths['/api/v1/studio/endpoints/{name}/history'].get).toBeTruthy();
    expect(doc.paths['/api/v1/studio/sagemaker/DeleteModel']).toBeUndefined();
  });
});
