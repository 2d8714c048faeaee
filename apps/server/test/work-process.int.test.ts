// SageMaker work on the process backend (TESSERA_BACKEND=process: no Docker), through the real SDK
// clients: a scikit-learn script-mode job and built-in XGBoost train, an endpoint serves the
// trained model, stop, processing with an entrypoint, the built-in-images-only and one-instance
// refusals, and a training job adopted after kill -9 of the server.
import { readdirSync, readFileSync } from 'node:fs';
import { DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  DescribeEndpointCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  StopTrainingJobCommand,
  type CreateTrainingJobCommandInput,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand } from '@aws-sdk/client-sagemaker-runtime';
import {
  adminClients,
  sageMakerClient,
  startServer,
  testDatabase,
  waitFor,
  type RunningServer,
} from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useCleanups, useHarness, type Harness } from './harness.ts';
import { studioUser } from './studio-fixture.ts';
import {
  linearCsv,
  ROLE,
  SKLEARN_IMAGE,
  sourceDir,
  tarEntries,
  trainingEnds,
  workUser,
  XGBOOST_IMAGE,
  type WorkUser,
} from './work-fixture.ts';

// The process runtime runs one user's instances only: this file's user.
const solo = uniqueName('solo');
const env = { TESSERA_BACKEND: 'process', TESSERA_SINGLE_USER: solo };
const h = useHarness(env);
const cleanup = useCleanups();

const TRAIN_PY = `
import argparse, os, joblib
import pandas as pd
from sklearn.linear_model import LinearRegression
p = argparse.ArgumentParser()
p.add_argument('--model-dir', default=os.environ['SM_MODEL_DIR'])
args, _ = p.parse_known_args()
df = pd.read_csv(os.path.join(os.environ['SM_CHANNEL_TRAIN'], 'train.csv'), header=None)
m = LinearRegression().fit(df[[1]], df[0])
mse = float(((m.predict(df[[1]]) - df[0]) ** 2).mean())
print(f'job={os.environ["TRAINING_JOB_NAME"]} coef={m.coef_[0]:.3f}', flush=True)
print(f'train:mse={mse:.6f}', flush=True)
joblib.dump(m, os.path.join(args.model_dir, 'model.joblib'))
`;
const INFERENCE_PY = `
import os, joblib
def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, 'model.joblib'))
def predict_fn(data, model):
    return model.predict(data.reshape(-1, 1))
`;
const SLEEP_PY =
  "import os, time\nopen(os.path.join(os.environ['SM_MODEL_DIR'], 'partial.txt'), 'w').write('x')\n" +
  "print('sleeping', flush=True)\ntime.sleep(float(os.environ.get('SLEEP', '600')))\n" +
  "open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.txt'), 'w').write('done')\n";
const PROCESS_PY = `
import sys, os, glob
src, dst = sys.argv[1], sys.argv[2]
rows = [float(l) * 2 for f in sorted(glob.glob(src + '/*.csv')) for l in open(f).read().split()]
os.makedirs(dst, exist_ok=True)
open(os.path.join(dst, 'doubled.csv'), 'w').write('\\n'.join(str(r) for r in rows))
print('doubled', len(rows), 'rows', flush=True)
`;

let u: WorkUser;
let code: string;
let train: string;

function scriptJob(
  name: string,
  program: string,
  extra: Partial<CreateTrainingJobCommandInput> = {},
): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: name,
    RoleArn: ROLE,
    AlgorithmSpecification: {
      TrainingImage: SKLEARN_IMAGE,
      TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'train:mse', Regex: 'train:mse=([0-9.]+)' }],
    },
    HyperParameters: { sagemaker_program: JSON.stringify(program), sagemaker_submit_directory: JSON.stringify(code) },
    InputDataConfig: [
      {
        ChannelName: 'train',
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: train } },
        ContentType: 'text/csv',
      },
    ],
    OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/output` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10 },
    StoppingCondition: { MaxRuntimeInSeconds: 300 },
    ...extra,
  };
}

async function logText(group: string, prefix: string): Promise<string> {
  const streams = await u.logs.send(
    new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: prefix }),
  );
  const out: string[] = [];
  for (const s of streams.logStreams ?? []) {
    const ev = await u.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: s.logStreamName!, startFromHead: true }),
    );
    out.push(...ev.events!.map((e) => e.message!));
  }
  return out.join('\n');
}

/** Supervisors of work processes on a data directory: pid → environment. */
function workProcesses(dataDir: string): Map<number, Map<string, string>> {
  const found = new Map<number, Map<string, string>>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const vars = new Map(
        readFileSync(`/proc/${entry}/environ`, 'utf8')
          .split('\0')
          .filter(Boolean)
          .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (
        vars.get('TESSERA_OPT_ML')?.startsWith(`${dataDir}/`) &&
        vars.has('TESSERA_WORK_KIND') &&
        pgrp === Number(entry)
      )
        found.set(Number(entry), vars);
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

beforeAll(async () => {
  u = await workUser(h, { username: solo });
  train = await u.put('data/train/train.csv', linearCsv(200));
  code = await u.put(
    'code/sourcedir.tar.gz',
    await sourceDir({ 'train.py': TRAIN_PY, 'inference.py': INFERENCE_PY, 'sleep.py': SLEEP_PY }),
  );
});

describe('SageMaker work as local processes', () => {
  let skModel: string;

  it(
    'trains a scikit-learn script in script mode: model.tar.gz, ' + 'metrics, and the output through CloudWatch Logs',
    async () => {
      const name = uniqueName('sk');
      await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(name, 'train.py')));
      const d = await trainingEnds(u.sagemaker, name, 60_000);
      expect(d.FailureReason).toBeUndefined();
      expect(d.TrainingJobStatus).toBe('Completed');
      expect(d.SecondaryStatusTransitions!.map((t) => t.Status)).toEqual([
        'Starting',
        'Downloading',
        'Training',
        'Uploading',
        'Completed',
      ]);
      expect(await tarEntries(await u.get(`output/${name}/output/model.tar.gz`))).toContain('model.joblib');
      const mse = d.FinalMetricDataList!.find((m) => m.MetricName === 'train:mse')!;
      expect(mse.Value).toBeLessThan(0.01);
      const text = await logText('/aws/sagemaker/TrainingJobs', `${name}/algo-1-`);
      expect(text).toContain(`job=${name} coef=2.0`);
      expect(text).toMatch(/train:mse=0\.00/);
      skModel = d.ModelArtifacts!.S3ModelArtifacts!;
    },
  );

  it('trains the built-in XGBoost algorithm', async () => {
    const name = uniqueName('xgb');
    await u.sagemaker.send(
      new CreateTrainingJobCommand({
        TrainingJobName: name,
        RoleArn: ROLE,
        AlgorithmSpecification: {
          TrainingImage: XGBOOST_IMAGE,
          TrainingInputMode: 'File',
          MetricDefinitions: [{ Name: 'train:rmse', Regex: '.*\\[[0-9]+\\].*#011train-rmse:([-+]?[0-9]*\\.?[0-9]+)' }],
        },
        HyperParameters: { num_round: '20', objective: 'reg:squarederror', max_depth: '3' },
        InputDataConfig: [
          {
            ChannelName: 'train',
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: train } },
            ContentType: 'text/csv',
          },
        ],
        OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/xgb/` },
        ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 5 },
        StoppingCondition: { MaxRuntimeInSeconds: 300 },
      }),
    );
    const d = await trainingEnds(u.sagemaker, name, 60_000);
    expect(d.FailureReason).toBeUndefined();
    expect(d.TrainingJobStatus).toBe('Completed');
    expect(await tarEntries(await u.get(`xgb/${name}/output/model.tar.gz`))).toContain('xgboost-model');
    expect(d.FinalMetricDataList!.find((m) => m.MetricName === 'train:rmse')!.Value).toBeLessThan(1);
  });

  it('serves the trained model on an endpoint: InvokeEndpoint answers from a local process', async () => {
    const model = uniqueName('m');
    await u.sagemaker.send(
      new CreateModelCommand({
        ModelName: model,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: {
          Image: SKLEARN_IMAGE,
          ModelDataUrl: skModel,
          Environment: { SAGEMAKER_PROGRAM: 'inference.py', SAGEMAKER_SUBMIT_DIRECTORY: code },
        },
      }),
    );
    const cfg = uniqueName('cfg');
    await u.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: cfg,
        ProductionVariants: [
          { VariantName: 'AllTraffic', ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
        ],
      }),
    );
    const ep = uniqueName('ep');
    await u.sagemaker.send(new CreateEndpointCommand({ EndpointName: ep, EndpointConfigName: cfg }));
    await waitFor(
      async () => {
        const d = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: ep }));
        if (d.EndpointStatus === 'Failed') throw new Error(`endpoint failed: ${d.FailureReason}`);
        return d.EndpointStatus === 'InService' || undefined;
      },
      'endpoint InService',
      60_000,
      200,
    );
    const r = await u.runtime.send(
      new InvokeEndpointCommand({
        EndpointName: ep,
        Body: Buffer.from('3\n10'),
        ContentType: 'text/csv',
        Accept: 'application/json',
      }),
    );
    const [a, b] = JSON.parse(Buffer.from(r.Body!).toString()) as number[];
    expect(a).toBeCloseTo(7, 1);
    expect(b).toBeCloseTo(21, 1);
    expect(
      await waitFor(
        async () =>
          (await logText(`/aws/sagemaker/Endpoints/${ep}`, 'AllTraffic/')).match(/listening on 127\.0\.0\.1:\d+/)?.[0],
        'serve log',
        10_000,
        200,
      ),
    ).toBeTruthy();
  });

  it(
    'stops a running job (SIGTERM to its process group) ' + 'and still uploads what the model directory holds',
    async () => {
      const name = uniqueName('stop');
      await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(name, 'sleep.py')));
      await waitFor(
        async () => (await logText('/aws/sagemaker/TrainingJobs', `${name}/`)).includes('sleeping') || undefined,
        'the script to sleep',
        30_000,
        200,
      );
      await u.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: name }));
      const d = await trainingEnds(u.sagemaker, name, 30_000);
      expect(d.TrainingJobStatus).toBe('Stopped');
      expect(await tarEntries(await u.get(`output/${name}/output/model.tar.gz`))).toContain('partial.txt');
      expect([...workProcesses(h.server.dataDir).values()].filter((e) => e.get('TRAINING_JOB_NAME') === name)).toEqual(
        [],
      );
    },
  );

  it(
    "runs a processing job's entrypoint as given, with /opt/ml paths in its arguments moved to the " +
      "instance's directory",
    async () => {
      const script = await u.put('proc/code/double.py', PROCESS_PY);
      await u.put('proc/raw/a.csv', '1\n2\n');
      const name = uniqueName('proc');
      await u.sagemaker.send(
        new CreateProcessingJobCommand({
          ProcessingJobName: name,
          RoleArn: ROLE,
          AppSpecification: {
            ImageUri: SKLEARN_IMAGE,
            ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/double.py'],
            ContainerArguments: ['/opt/ml/processing/input/data', '/opt/ml/processing/output/out'],
          },
          ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 5 } },
          ProcessingInputs: [
            {
              InputName: 'code',
              S3Input: {
                S3Uri: script,
                LocalPath: '/opt/ml/processing/input/code',
                S3DataType: 'S3Prefix',
                S3InputMode: 'File',
              },
            },
            {
              InputName: 'data',
              S3Input: {
                S3Uri: `s3://${u.bucket}/proc/raw/`,
                LocalPath: '/opt/ml/processing/input/data',
                S3DataType: 'S3Prefix',
                S3InputMode: 'File',
              },
            },
          ],
          ProcessingOutputConfig: {
            Outputs: [
              {
                OutputName: 'out',
                S3Output: {
                  S3Uri: `s3://${u.bucket}/proc/out/${name}`,
                  LocalPath: '/opt/ml/processing/output/out',
                  S3UploadMode: 'EndOfJob',
                },
              },
            ],
          },
          StoppingCondition: { MaxRuntimeInSeconds: 120 },
        }),
      );
      const d = await waitFor(
        async () => {
          const x = await u.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
          return ['Completed', 'Failed', 'Stopped'].includes(x.ProcessingJobStatus!) ? x : undefined;
        },
        'processing job',
        60_000,
        250,
      );
      expect(d.FailureReason).toBeUndefined();
      expect(d.ProcessingJobStatus).toBe('Completed');
      expect((await u.get(`proc/out/${name}/doubled.csv`)).toString()).toBe('2.0\n4.0');
      expect(await logText('/aws/sagemaker/ProcessingJobs', `${name}/`)).toContain('doubled 2 rows');
    },
  );

  it(
    'fails jobs and refuses models naming an image other than the built-in ones, ' +
      'and multi-instance jobs, saying why',
    async () => {
      const other = uniqueName('img');
      await u.sagemaker.send(
        new CreateTrainingJobCommand(
          scriptJob(other, 'train.py', {
            AlgorithmSpecification: { TrainingImage: 'python:3.11', TrainingInputMode: 'File' },
          }),
        ),
      );
      const multi = uniqueName('multi');
      await u.sagemaker.send(
        new CreateTrainingJobCommand(
          scriptJob(multi, 'train.py', {
            ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 2, VolumeSizeInGB: 1 },
          }),
        ),
      );
      const d = await trainingEnds(u.sagemaker, other, 30_000);
      expect(d.TrainingJobStatus).toBe('Failed');
      expect(d.FailureReason).toMatch(
        new RegExp(
          "^ClientError: the training image python:3\\.11 .*cannot run.*local processes.*only Tessera's built-in " +
            'images.*docker runtime runs any image',
        ),
      );
      const m = await trainingEnds(u.sagemaker, multi, 30_000);
      expect(m.TrainingJobStatus).toBe('Failed');
      expect(m.FailureReason).toMatch(
        /the process runtime runs a job on one instance \(InstanceCount 1\).*docker runtime runs multi-instance jobs/,
      );
      const refused = await u.sagemaker
        .send(
          new CreateModelCommand({
            ModelName: uniqueName('m'),
            ExecutionRoleArn: ROLE,
            PrimaryContainer: { Image: 'python:3.11' },
          }),
        )
        .catch((e) => e);
      expect(refused.name).toBe('ValidationException');
      expect(refused.message).toMatch(/local processes.*only Tessera's built-in images/);
    },
  );

  it("runs no one else's work: local processes cannot be kept from each other or from the host", async () => {
    const intruder = await workUser(h);
    const job = uniqueName('intruder');
    await intruder.sagemaker.send(
      new CreateTrainingJobCommand({
        TrainingJobName: job,
        RoleArn: ROLE,
        AlgorithmSpecification: {
          TrainingImage: SKLEARN_IMAGE,
          TrainingInputMode: 'File',
          ContainerEntrypoint: ['python3', '-c', 'print(open("/proc/self/environ").read())'],
        },
        OutputDataConfig: { S3OutputPath: `s3://${intruder.bucket}/out` },
        ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 60 },
      }),
    );
    const d = await trainingEnds(intruder.sagemaker, job, 30_000);
    expect(d.TrainingJobStatus).toBe('Failed');
    expect(d.FailureReason).toMatch(
      new RegExp(`no isolation between users or from the host, so only ${solo} may run apps and jobs here`),
    );
    const refused = await intruder.sagemaker
      .send(
        new CreateModelCommand({
          ModelName: uniqueName('m'),
          ExecutionRoleArn: ROLE,
          PrimaryContainer: { Image: SKLEARN_IMAGE },
        }),
      )
      .catch((e) => e);
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toMatch(new RegExp(`only ${solo} may run apps and jobs here \\(TESSERA_SINGLE_USER\\)`));
  });

  it("refuses to open a second user's Studio, saying why", async () => {
    const other = await studioUser(h);
    const opened = await waitFor(
      async () => {
        const r = await other.session.rest('POST', '/api/v1/studio/open', {});
        return r.body.App?.Status === 'Failed' ? r.body.App : undefined;
      },
      'Studio refused',
      30_000,
      250,
    );
    expect(opened.FailureReason).toMatch(new RegExp(`only ${solo} may run apps and jobs here`));
  });

  it('adopts a training process after kill -9 of the server; fails one whose process vanished meanwhile', async () => {
    const db = await testDatabase();
    cleanup(() => db.drop());
    let server: RunningServer = await startServer({ databaseUrl: db.url, env });
    // The first server owns the data directory: its cleanup stops what runs there and removes it
    // (the second, started on the same directory, leaves it alone).
    const first = server;
    cleanup(() => first.cleanup());
    cleanup(() => server.stop());
    const admin = { server, ...(await adminClients(server)) } as unknown as Harness;
    const v = await workUser(admin, { username: solo });
    const sleepCode = await v.put('code/sourcedir.tar.gz', await sourceDir({ 'sleep.py': SLEEP_PY }));
    await v.put('data/x.csv', '1\n');
    const job = (name: string, sleep: string) =>
      new CreateTrainingJobCommand({
        TrainingJobName: name,
        RoleArn: ROLE,
        AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
        HyperParameters: { sagemaker_program: '"sleep.py"', sagemaker_submit_directory: JSON.stringify(sleepCode) },
        Environment: { SLEEP: sleep },
        InputDataConfig: [
          {
            ChannelName: 'train',
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${v.bucket}/data/` } },
          },
        ],
        OutputDataConfig: { S3OutputPath: `s3://${v.bucket}/out` },
        ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 300 },
      });
    const survivor = uniqueName('survive');
    const lost = uniqueName('lost');
    await v.sagemaker.send(job(survivor, '5'));
    await v.sagemaker.send(job(lost, '600'));
    for (const name of [survivor, lost]) {
      await waitFor(
        async () =>
          (await v.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }))).SecondaryStatus ===
            'Training' || undefined,
        `${name} training`,
        30_000,
        100,
      );
    }

    await server.stop('SIGKILL');
    const procs = workProcesses(server.dataDir);
    expect([...procs.values()].map((e) => e.get('TRAINING_JOB_NAME')).sort()).toEqual([lost, survivor].sort());
    const [lostPid] = [...procs].find(([, e]) => e.get('TRAINING_JOB_NAME') === lost)!;
    process.kill(-lostPid, 'SIGKILL');

    server = await startServer({ dataDir: server.dataDir, databaseUrl: db.url, env });
    const sm = sageMakerClient(server.url, v.credentials);
    const done = await trainingEnds(sm, survivor, 60_000);
    expect(done.FailureReason).toBeUndefined();
    expect(done.TrainingJobStatus).toBe('Completed');
    expect(done.SecondaryStatusTransitions!.filter((t) => t.Status === 'Training')).toHaveLength(1);
    const gone = await trainingEnds(sm, lost, 30_000);
    expect(gone.TrainingJobStatus).toBe('Failed');
    expect(gone.FailureReason).toMatch(/container disappeared/);
    expect(workProcesses(server.dataDir).size).toBe(0);
  });
});
