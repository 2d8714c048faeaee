// Training jobs on the Docker backend through the real SDK clients: S3 for data and artifacts,
// SageMaker for the job, CloudWatch Logs for its output. Script mode on the scikit-learn image and
// the built-in XGBoost algorithm; failure, stop and MaxRuntimeInSeconds.
import { GetLogEventsCommand, DescribeLogStreamsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  ListTrainingJobsCommand,
  StopTrainingJobCommand,
  type CreateTrainingJobCommandInput,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { WebSocket } from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import { answersWithin, uniqueName, useHarness } from './harness.ts';
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

const h = useHarness({ TESSERA_BACKEND: 'docker' });

const TRAIN_PY =
  `
import argparse, json, os, joblib
import pandas as pd
from sklearn.linear_model import LinearRegression
p = argparse.ArgumentParser()
p.add_argument('--fit_intercept', type=lambda v: v == 'True' or v == 'true', default=True)
p.add_argument('--model-dir', default=os.environ['SM_MODEL_DIR'])
args, _ = p.parse_known_args()
df = pd.read_csv(os.path.join(os.environ['SM_CHANNEL_TRAIN'], 'train.csv'), header=None)
m = LinearRegression(fit_intercept=args.fit_intercept).fit(df[[1]], df[0])
mse = float(((m.predict(df[[1]]) - df[0]) ** 2).mean())
print(f'job={os.environ["TRAINING_JOB_NAME"]} hosts={json.loads(os.environ["SM_HOSTS"])} coef={m.coef_[0]:.3f}', ` +
  `flush=True)
print(f'train:mse={mse:.6f}', flush=True)
joblib.dump(m, os.path.join(args.model_dir, 'model.joblib'))
with open(os.path.join(os.environ['SM_OUTPUT_DATA_DIR'], 'report.txt'), 'w') as f: f.write('ok')
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
    HyperParameters: {
      sagemaker_program: JSON.stringify(program),
      sagemaker_submit_directory: JSON.stringify(code),
      fit_intercept: 'true',
    },
    InputDataConfig: [
      {
        ChannelName: 'train',
        DataSource: {
          S3DataSource: { S3DataType: 'S3Prefix', S3Uri: train, S3DataDistributionType: 'FullyReplicated' },
        },
        ContentType: 'text/csv',
      },
    ],
    OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/output` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10 },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
    ...extra,
  };
}

beforeAll(async () => {
  u = await workUser(h);
  train = await u.put('data/train/train.csv', linearCsv(200));
  code = await u.put(
    'code/sourcedir.tar.gz',
    await sourceDir({
      'train.py': TRAIN_PY,
      'fail.py':
        "import sys\nopen('/opt/ml/output/failure', 'w').write('ValueError: the data has no label column')\n" +
        'sys.exit(3)\n',
      'crash.py': 'raise SystemExit(7)\n',
      'multi.py':
        "import os, json, socket, glob\nhosts = json.loads(os.environ['SM_HOSTS'])\n" +
        "files = sorted(os.path.basename(f) for f in glob.glob(os.environ['SM_CHANNEL_TRAIN'] + '/*'))\n" +
        "peers = {h: socket.gethostbyname(h) for h in hosts}\nprint(f\"host={os.environ['SM_CURRENT_HOST']} " +
        "files={files} peers={len(peers)}\", flush=True)\nopen(os.path.join(os.environ['SM_MODEL_DIR'], " +
        "os.environ['SM_CURRENT_HOST']), 'w').write(','.join(files))\n",
      'sleep.py':
        "import time, os\nopen(os.path.join(os.environ['SM_MODEL_DIR'], 'partial.txt'), 'w').write('x')\n" +
        "print('sleeping', flush=True)\ntime.sleep(600)\n",
    }),
  );
});

describe('training jobs on Docker', { timeout: 180_000 }, () => {
  it(
    'trains a scikit-learn script in script mode: statuses, ' + 'metrics, logs, model.tar.gz and output.tar.gz in S3',
    async () => {
      const name = uniqueName('sk');
      const { TrainingJobArn } = await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(name, 'train.py')));
      expect(TrainingJobArn).toMatch(new RegExp(`:training-job/${name.toLowerCase()}$`));
      const d = await trainingEnds(u.sagemaker, name);
      expect(d.FailureReason).toBeUndefined();
      expect(d.TrainingJobStatus).toBe('Completed');
      expect(d.SecondaryStatus).toBe('Completed');
      expect(d.SecondaryStatusTransitions!.map((t) => t.Status)).toEqual([
        'Starting',
        'Downloading',
        'Training',
        'Uploading',
        'Completed',
      ]);
      expect(d.SecondaryStatusTransitions!.every((t) => t.EndTime)).toBe(true);
      expect(d.ModelArtifacts!.S3ModelArtifacts).toBe(`s3://${u.bucket}/output/${name}/output/model.tar.gz`);
      expect(await tarEntries(await u.get(`output/${name}/output/model.tar.gz`))).toContain('model.joblib');
      expect(await tarEntries(await u.get(`output/${name}/output/output.tar.gz`))).toContain('report.txt');
      const mse = d.FinalMetricDataList!.find((m) => m.MetricName === 'train:mse')!;
      expect(mse.Value).toBeGreaterThan(0);
      expect(mse.Value).toBeLessThan(0.01);
      expect(d.BillableTimeInSeconds).toBeGreaterThanOrEqual(1);
      expect(d.TrainingTimeInSeconds).toBeGreaterThanOrEqual(1);
      expect(d.TrainingStartTime!.getTime()).toBeLessThanOrEqual(d.TrainingEndTime!.getTime());

      // Its output, through the CloudWatch Logs API, as the SDK's log tailers read it.
      const streams = await u.logs.send(
        new DescribeLogStreamsCommand({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: `${name}/` }),
      );
      expect(streams.logStreams!.map((s) => s.logStreamName)).toEqual([
        expect.stringMatching(new RegExp(`^${name}/algo-1-\\d+$`)),
      ]);
      const events = await u.logs.send(
        new GetLogEventsCommand({
          logGroupName: '/aws/sagemaker/TrainingJobs',
          logStreamName: streams.logStreams![0]!.logStreamName!,
          startFromHead: true,
        }),
      );
      const text = events.events!.map((e) => e.message).join('\n');
      expect(text).toContain(`job=${name} hosts=['algo-1'] coef=2.0`);
      expect(text).toMatch(/train:mse=0\.00/);

      const listed = await u.sagemaker.send(new ListTrainingJobsCommand({ NameContains: name }));
      expect(listed.TrainingJobSummaries!.map((j) => [j.TrainingJobName, j.TrainingJobStatus])).toEqual([
        [name, 'Completed'],
      ]);
    },
  );

  it(
    'runs InstanceCount 2 as algo-1 and algo-2 on a private network, ' +
      'with ShardedByS3Key data dealt out between them',
    async () => {
      for (const n of [1, 2, 3, 4]) await u.put(`shards/part-${n}.csv`, `${n}\n`);
      const name = uniqueName('multi');
      await u.sagemaker.send(
        new CreateTrainingJobCommand(
          scriptJob(name, 'multi.py', {
            InputDataConfig: [
              {
                ChannelName: 'train',
                DataSource: {
                  S3DataSource: {
                    S3DataType: 'S3Prefix',
                    S3Uri: `s3://${u.bucket}/shards/`,
                    S3DataDistributionType: 'ShardedByS3Key',
                  },
                },
              },
            ],
            ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 2, VolumeSizeInGB: 1 },
          }),
        ),
      );
      const d = await trainingEnds(u.sagemaker, name);
      expect(d.FailureReason).toBeUndefined();
      expect(d.TrainingJobStatus).toBe('Completed');
      expect(d.BillableTimeInSeconds! % 2).toBe(0); // two instances billed
      const streams = await u.logs.send(
        new DescribeLogStreamsCommand({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: `${name}/` }),
      );
      const lines: string[] = [];
      for (const s of streams.logStreams!) {
        const ev = await u.logs.send(
          new GetLogEventsCommand({
            logGroupName: '/aws/sagemaker/TrainingJobs',
            logStreamName: s.logStreamName!,
            startFromHead: true,
          }),
        );
        lines.push(...ev.events!.map((e) => e.message!).filter((m) => m.startsWith('host=')));
      }
      expect(lines.sort()).toEqual([
        "host=algo-1 files=['part-1.csv', 'part-3.csv'] peers=2",
        "host=algo-2 files=['part-2.csv', 'part-4.csv'] peers=2",
      ]);
    },
  );

  it("streams the job's status and output live over the events WebSocket", async () => {
    const events: { type: string; status?: string; detail?: { events?: { message: string }[] } }[] = [];
    const ws = new WebSocket(`${h.server.url.replace('http', 'ws')}/api/v1/events`, {
      headers: { cookie: u.session.cookie },
    });
    ws.on('message', (m) => events.push(JSON.parse(String(m))));
    await new Promise((r) => ws.once('open', r));
    const name = uniqueName('live');
    await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(name, 'train.py')));
    await trainingEnds(u.sagemaker, name);
    await waitFor(
      async () => events.some((e) => e.type === 'trainingJob.status' && e.status === 'Completed') || undefined,
      'completed event',
      10_000,
      100,
    );
    ws.close();
    const logged = events.filter((e) => e.type === 'log').flatMap((e) => e.detail!.events!.map((x) => x.message));
    expect(logged.some((m) => m.startsWith(`job=${name} hosts=['algo-1'] coef=`))).toBe(true);
    expect(events.filter((e) => e.type === 'trainingJob.status').map((e) => e.status)).toContain('InProgress');
  });

  it(
    'trains the built-in XGBoost algorithm from its published image URI, ' +
      'with a validation channel and its metrics',
    async () => {
      const validation = await u.put('data/validation/v.csv', linearCsv(50, 7));
      const name = uniqueName('xgb');
      await u.sagemaker.send(
        new CreateTrainingJobCommand({
          TrainingJobName: name,
          RoleArn: ROLE,
          AlgorithmSpecification: {
            TrainingImage: XGBOOST_IMAGE,
            TrainingInputMode: 'File',
            MetricDefinitions: [
              { Name: 'validation:rmse', Regex: '.*\\[[0-9]+\\].*#011validation-rmse:([-+]?[0-9]*\\.?[0-9]+)' },
            ],
          },
          HyperParameters: { num_round: '30', objective: 'reg:squarederror', max_depth: '3', eta: '0.3' },
          InputDataConfig: [
            {
              ChannelName: 'train',
              DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: train } },
              ContentType: 'text/csv',
            },
            {
              ChannelName: 'validation',
              DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: validation } },
              ContentType: 'text/csv',
            },
          ],
          OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/xgb/` },
          ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 5 },
          StoppingCondition: { MaxRuntimeInSeconds: 300 },
        }),
      );
      const d = await trainingEnds(u.sagemaker, name);
      expect(d.FailureReason).toBeUndefined();
      expect(d.TrainingJobStatus).toBe('Completed');
      expect(await tarEntries(await u.get(`xgb/${name}/output/model.tar.gz`))).toContain('xgboost-model');
      const rmse = d.FinalMetricDataList!.find((m) => m.MetricName === 'validation:rmse')!;
      expect(rmse.Value).toBeLessThan(1);
    },
  );

  it('fails with the reason the container wrote to /opt/ml/output/failure, or its exit code', async () => {
    const a = uniqueName('fail');
    const b = uniqueName('crash');
    await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(a, 'fail.py')));
    await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(b, 'crash.py')));
    const da = await trainingEnds(u.sagemaker, a);
    expect(da.TrainingJobStatus).toBe('Failed');
    expect(da.FailureReason).toMatch(/^AlgorithmError: .*ValueError: the data has no label column/);
    const db = await trainingEnds(u.sagemaker, b);
    expect(db.TrainingJobStatus).toBe('Failed');
    expect(db.FailureReason).toMatch(/^AlgorithmError: ExecuteUserScriptError:\s*ExitCode 7/);
    expect(db.SecondaryStatusTransitions!.at(-1)!.Status).toBe('Failed');
  });

  it('stops a running job (SIGTERM, then kill) and still uploads what the model directory holds', async () => {
    const name = uniqueName('stop');
    await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(name, 'sleep.py')));
    // Once the script says it sleeps, its partial model is on disk.
    await waitFor(
      async () => {
        const streams = await u.logs
          .send(
            new DescribeLogStreamsCommand({
              logGroupName: '/aws/sagemaker/TrainingJobs',
              logStreamNamePrefix: `${name}/`,
            }),
          )
          .catch(() => undefined);
        const stream = streams?.logStreams?.[0]?.logStreamName;
        if (!stream) return undefined;
        const ev = await u.logs.send(
          new GetLogEventsCommand({
            logGroupName: '/aws/sagemaker/TrainingJobs',
            logStreamName: stream,
            startFromHead: true,
          }),
        );
        return ev.events!.some((e) => e.message === 'sleeping') || undefined;
      },
      'the script to sleep',
      60_000,
      200,
    );
    await u.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: name }));
    const d = await trainingEnds(u.sagemaker, name, 60_000);
    expect(d.TrainingJobStatus).toBe('Stopped');
    expect(d.SecondaryStatusTransitions!.map((t) => t.Status)).toEqual(
      expect.arrayContaining(['Training', 'Stopping', 'Uploading', 'Stopped']),
    );
    expect(await tarEntries(await u.get(`output/${name}/output/model.tar.gz`))).toContain('partial.txt');
    const again = await u.sagemaker.send(new StopTrainingJobCommand({ TrainingJobName: name })).catch((e) => e);
    expect(again.name).toBe('ValidationException');
  });

  it('ends a job that runs past MaxRuntimeInSeconds as Stopped / MaxRuntimeExceeded', async () => {
    const name = uniqueName('maxrt');
    await u.sagemaker.send(
      new CreateTrainingJobCommand(scriptJob(name, 'sleep.py', { StoppingCondition: { MaxRuntimeInSeconds: 3 } })),
    );
    const d = await trainingEnds(u.sagemaker, name, 60_000);
    expect(d.TrainingJobStatus).toBe('Stopped');
    expect(d.SecondaryStatus).toBe('MaxRuntimeExceeded');
    const ran = d.TrainingEndTime!.getTime() - d.TrainingStartTime!.getTime();
    expect(ran).toBeGreaterThanOrEqual(3000);
    expect(ran).toBeLessThan(20_000);
  });

  it('refuses bad requests with errors a person can act on, and keeps jobs private', async () => {
    const bad = (extra: Partial<CreateTrainingJobCommandInput>) =>
      u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(uniqueName('bad'), 'train.py', extra))).catch((e) => e);
    const type = await bad({
      ResourceConfig: { InstanceType: 'ml.x99.huge' as never, InstanceCount: 1, VolumeSizeInGB: 1 },
    });
    expect(type.name).toBe('ValidationException');
    expect(type.message).toMatch(/ml\.x99\.huge is not offered here; choose one of .*ml\.m5\.large/);
    const regex = await bad({
      AlgorithmSpecification: {
        TrainingImage: SKLEARN_IMAGE,
        TrainingInputMode: 'File',
        MetricDefinitions: [{ Name: 'loss', Regex: 'loss=([0-9' }],
      },
    });
    expect(regex.name).toBe('ValidationException');
    const bucket = await bad({ OutputDataConfig: { S3OutputPath: 's3://no-such-bucket-here/out' } });
    expect(bucket.message).toMatch(/bucket no-such-bucket-here does not exist/);

    const name = uniqueName('dup');
    await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(name, 'crash.py')));
    const dup = await u.sagemaker.send(new CreateTrainingJobCommand(scriptJob(name, 'crash.py'))).catch((e) => e);
    expect(dup.name).toBe('ResourceInUse');

    // Another user sees none of it and cannot point a job at this user's bucket.
    const other = await workUser(h);
    const hidden = await other.sagemaker
      .send(new DescribeTrainingJobCommand({ TrainingJobName: name }))
      .catch((e) => e);
    expect(hidden.name).toBe('ResourceNotFound');
    const list = await other.sagemaker.send(new ListTrainingJobsCommand({ NameContains: name }));
    expect(list.TrainingJobSummaries).toEqual([]);
    const steal = await other.sagemaker
      .send(
        new CreateTrainingJobCommand({
          ...scriptJob(uniqueName('steal'), 'train.py'),
          OutputDataConfig: { S3OutputPath: `s3://${other.bucket}/o` },
        }),
      )
      .catch((e) => e);
    expect(steal.name).toBe('AccessDeniedException');
    expect(steal.message).toMatch(/belongs to another user/);
  });

  it('refuses MetricDefinitions regexes RE2 cannot run, naming the definition and why', async () => {
    const withMetrics = (MetricDefinitions: { Name: string; Regex: string }[]) =>
      u.sagemaker
        .send(
          new CreateTrainingJobCommand(
            scriptJob(uniqueName('bad'), 'train.py', {
              AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File', MetricDefinitions },
            }),
          ),
        )
        .catch((e) => e);
    const ok = { Name: 'train:mse', Regex: 'train:mse=([0-9.]+)' };
    for (const [Regex, why] of [
      ['loss=([0-9.]+) \\1', /RE2 does not support backreferences/],
      ['(?<=loss=)([0-9.]+)', /RE2 does not support lookbehind/],
    ] as const) {
      const err = await withMetrics([ok, { Name: 'loss', Regex }]);
      expect(err.name, Regex).toBe('ValidationException');
      expect(err.message, Regex).toMatch(/AlgorithmSpecification\.MetricDefinitions\[1\] \(loss\)/);
      expect(err.message, Regex).toMatch(why);
      expect(err.message, Regex).toMatch(/MetricDefinitions regexes use RE2 syntax here/);
    }
    const many = await withMetrics(Array.from({ length: 41 }, (_, i) => ({ Name: `m${i}`, Regex: `m${i}=(\\d+)` })));
    expect(many.name).toBe('ValidationException');
    const long = await withMetrics([{ Name: 'long', Regex: 'a'.repeat(501) }]);
    expect(long.name).toBe('ValidationException');
  });

  // Each metric regex runs over every line the container prints, inside the server. On a
  // backtracking engine (a+)+$ takes 2^50 steps on the line below and would freeze every user.
  it('applies a catastrophic metric regex to the output without freezing the server', async () => {
    const name = uniqueName('redos');
    const evil = 'a'.repeat(50) + '!';
    await u.sagemaker.send(
      new CreateTrainingJobCommand(
        scriptJob(name, 'train.py', {
          AlgorithmSpecification: {
            TrainingImage: SKLEARN_IMAGE,
            TrainingInputMode: 'File',
            ContainerEntrypoint: ['bash', '-c', `for i in $(seq 20); do echo '${evil}'; done; echo loss=0.5; sleep 1`],
            MetricDefinitions: [
              { Name: 'm', Regex: '(a+)+$' },
              { Name: 'loss', Regex: 'loss=([0-9.]+)' },
            ],
          },
        }),
      ),
    );
    let ended = false;
    const ending = trainingEnds(u.sagemaker, name).finally(() => (ended = true));
    ending.catch(() => undefined); // awaited below, unless the server stops answering first
    let checks = 0;
    while (!ended) {
      expect(await answersWithin(h.server, 1000)).toBeLessThan(1000);
      checks++;
      await new Promise((r) => setTimeout(r, 200));
    }
    const d = await ending;
    expect(checks).toBeGreaterThan(1);
    expect(d.FailureReason).toBeUndefined();
    expect(d.TrainingJobStatus).toBe('Completed');
    expect(d.FinalMetricDataList!.map((m) => [m.MetricName, m.Value])).toEqual([['loss', 0.5]]);
  });
});
