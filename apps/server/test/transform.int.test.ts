// Batch transform on the Docker backend through the real SDK clients: S3 for input and output,
// SageMaker for the job, CloudWatch Logs for the containers' output and the data log. Splitting,
// MultiRecord and SingleRecord, filters and joins on CSV and JSON Lines, model errors, payload
// limits, stop, validation, the built-in XGBoost image, and a server killed mid-job.
import { execFileSync } from 'node:child_process';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateModelCommand,
  CreateTrainingJobCommand,
  CreateTransformJobCommand,
  DeleteModelCommand,
  DescribeTransformJobCommand,
  ListTransformJobsCommand,
  StopTransformJobCommand,
  type CreateTransformJobCommandInput,
  type DescribeTransformJobCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { adminClients, sageMakerClient, startServer, testDatabase, waitFor } from '@tessera/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useCleanups, useHarness, type Harness } from './harness.ts';
import {
  linearCsv,
  ROLE,
  SKLEARN_IMAGE,
  sourceDir,
  trainingEnds,
  workUser,
  XGBOOST_IMAGE,
  type WorkUser,
} from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });
const cleanup = useCleanups();

// Predicts w * (sum of a record's fields); prints how many records each request held, so the
// logs show how requests were batched. "boom" is a record it cannot read; "slow,<s>" sleeps.
const INFERENCE =
  `
import json, os, sys, time
def model_fn(model_dir):
    return float(open(os.path.join(model_dir, 'w.txt')).read())
def input_fn(body, content_type):
    text = body.decode() if isinstance(body, bytes) else body
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.strip() == 'boom':
            raise ValueError('the model cannot read "boom"')
        if line.startswith('slow,'):
            time.sleep(float(line.split(',')[1]))
            rows.append([0.0])
            continue
        rows.append(json.loads(line) if content_type.startswith('application/json') ` +
  `else [float(v) for v in line.split(',')])
    # One write per line: print() writes the text and its newline apart, so two threads interleave.
    sys.stdout.write(f'rows={len(rows)}\\n')
    sys.stdout.flush()
    return rows
def predict_fn(rows, w):
    return [sum(r) * w for r in rows]
def output_fn(pred, accept):
    if accept.startswith('application/json'):
        return ''.join(json.dumps({'score': p}) + '\\n' for p in pred), accept
    return ''.join(f'{p}\\n' for p in pred), 'text/csv'
`;

let u: WorkUser;
let model: string;
let xgbTraining: Promise<string>;

async function sklearnModel(
  user: { put: WorkUser['put']; sagemaker: SageMakerClient },
  w: number,
  name = uniqueName(`tm${w}`),
): Promise<string> {
  const data = await user.put(
    `models/${name}-${w}/model.tar.gz`,
    await sourceDir({ 'w.txt': String(w), 'code/inference.py': INFERENCE }),
  );
  await user.sagemaker.send(
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
  return name;
}

function job(
  name: string,
  input: string,
  output: string,
  extra: Partial<CreateTransformJobCommandInput> = {},
): CreateTransformJobCommandInput {
  return {
    TransformJobName: name,
    ModelName: model,
    TransformInput: {
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: input } },
      ContentType: 'text/csv',
      SplitType: 'Line',
    },
    TransformOutput: { S3OutputPath: output, Accept: 'text/csv', AssembleWith: 'Line' },
    TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
    ...extra,
  };
}

async function ends(sm: SageMakerClient, name: string, timeoutMs = 60_000): Promise<DescribeTransformJobCommandOutput> {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeTransformJobCommand({ TransformJobName: name }));
      return ['Completed', 'Failed', 'Stopped'].includes(d.TransformJobStatus!) ? d : undefined;
    },
    `transform job ${name} to end`,
    timeoutMs,
    200,
  );
}

async function completed(name: string): Promise<DescribeTransformJobCommandOutput> {
  const d = await ends(u.sagemaker, name);
  expect(d.FailureReason).toBeUndefined();
  expect(d.TransformJobStatus).toBe('Completed');
  return d;
}

async function logText(name: string, suffix = ''): Promise<{ streams: string[]; text: string }> {
  const group = '/aws/sagemaker/TransformJobs';
  const streams = (
    await u.logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: `${name}/` }))
  ).logStreams!.map((s) => s.logStreamName!);
  let text = '';
  for (const s of streams.filter((s) => s.endsWith(suffix) && (suffix || !s.endsWith('/data-log')))) {
    const events = await u.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: s, startFromHead: true }),
    );
    text += events.events!.map((e) => e.message).join('\n') + '\n';
  }
  return { streams, text };
}

const transformContainers = () =>
  execFileSync('docker', ['ps', '-aq', '--filter', 'name=tessera-transformjob-'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

beforeAll(async () => {
  u = await workUser(h);
  model = await sklearnModel(u, 2);
  await u.put('in/a.csv', '1,2\n3,4\n0.5,0.5\n10,0\n2,2\n');
  await u.put('in/sub/b.csv', '1,1\n2,2\n3,3');
  // The XGBoost model trains while the other tests run.
  const train = await u.put('xgb/train/train.csv', linearCsv(200));
  const trainingName = uniqueName('xgbt');
  xgbTraining = u.sagemaker
    .send(
      new CreateTrainingJobCommand({
        TrainingJobName: trainingName,
        RoleArn: ROLE,
        AlgorithmSpecification: { TrainingImage: XGBOOST_IMAGE, TrainingInputMode: 'File' },
        HyperParameters: { num_round: '40', objective: 'reg:squarederror', max_depth: '3', eta: '0.3' },
        InputDataConfig: [
          {
            ChannelName: 'train',
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: train } },
            ContentType: 'text/csv',
          },
        ],
        OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/xgb/model` },
        ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 5 },
        StoppingCondition: { MaxRuntimeInSeconds: 300 },
      }),
    )
    .then(async () => {
      const d = await trainingEnds(u.sagemaker, trainingName);
      if (d.TrainingJobStatus !== 'Completed')
        throw new Error(`XGBoost training ${d.TrainingJobStatus}: ${d.FailureReason}`);
      return d.ModelArtifacts!.S3ModelArtifacts!;
    });
  xgbTraining.catch(() => undefined);
});

afterAll(() => {
  // Whatever a failed test left behind (a passing run leaves nothing: the jobs remove their own).
  for (const id of transformContainers()) execFileSync('docker', ['rm', '-f', id]);
});

describe('batch transform on Docker', { timeout: 180_000 }, () => {
  it('splits lines, batches MultiRecord over two instances, and SingleRecord gives the same outputs', async () => {
    const multi = uniqueName('multi');
    const single = uniqueName('single');
    const { TransformJobArn } = await u.sagemaker.send(
      new CreateTransformJobCommand(
        job(multi, `s3://${u.bucket}/in`, `s3://${u.bucket}/out-multi/`, {
          BatchStrategy: 'MultiRecord',
          TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 2 },
          Environment: { EXTRA: '1' },
          Tags: [{ Key: 'team', Value: 'ml' }],
        }),
      ),
    );
    expect(TransformJobArn).toMatch(new RegExp(`:transform-job/${multi.toLowerCase()}$`));
    await u.sagemaker.send(
      new CreateTransformJobCommand(
        job(single, `s3://${u.bucket}/in/`, `s3://${u.bucket}/out-single`, {
          BatchStrategy: 'SingleRecord',
          MaxConcurrentTransforms: 2,
        }),
      ),
    );
    const early = await u.sagemaker.send(new DescribeTransformJobCommand({ TransformJobName: multi }));
    expect(early.TransformJobStatus).toBe('InProgress');

    const d = await completed(multi);
    await completed(single);
    expect(d.ModelName).toBe(model);
    expect(d.BatchStrategy).toBe('MultiRecord');
    expect(d.MaxPayloadInMB).toBe(6);
    expect(d.MaxConcurrentTransforms).toBeGreaterThanOrEqual(1); // the container's own answer
    expect(d.Environment).toEqual({ EXTRA: '1' });
    expect(d.TransformInput).toEqual({
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${u.bucket}/in` } },
      ContentType: 'text/csv',
      SplitType: 'Line',
    });
    expect(d.TransformResources).toEqual({ InstanceType: 'ml.m5.large', InstanceCount: 2 });
    expect(d.TransformStartTime!.getTime()).toBeLessThanOrEqual(d.TransformEndTime!.getTime());
    expect(d.CreationTime!.getTime()).toBeLessThanOrEqual(d.TransformStartTime!.getTime());

    for (const out of ['out-multi', 'out-single']) {
      expect((await u.get(`${out}/a.csv.out`)).toString()).toBe('6.0\n14.0\n2.0\n20.0\n8.0\n');
      expect((await u.get(`${out}/sub/b.csv.out`)).toString()).toBe('4.0\n8.0\n12.0\n');
    }

    // The containers' own output, one stream per instance, and SageMaker's data log.
    const m = await logText(multi);
    expect(m.streams.filter((s) => !s.endsWith('/data-log'))).toHaveLength(2);
    expect(m.text).toMatch(/rows=5/);
    expect(m.text).toMatch(/rows=3/);
    expect(m.text).not.toMatch(/rows=1\b/);
    const s = await logText(single);
    expect(s.text.match(/rows=1\b/g)).toHaveLength(8);
    expect((await logText(single, '/data-log')).text).toMatch(
      /MaxConcurrentTransforms=2, MaxPayloadInMB=6, BatchStrategy=SINGLE_RECORD/,
    );

    const listed = await u.sagemaker.send(new ListTransformJobsCommand({ NameContains: multi }));
    expect(listed.TransformJobSummaries!.map((j) => [j.TransformJobName, j.TransformJobStatus])).toEqual([
      [multi, 'Completed'],
    ]);
    expect(transformContainers()).toEqual([]);
  });

  it('filters input, joins it with the inference and filters the output: CSV and JSON Lines', async () => {
    await u.put('join/ids.csv', 'id1,1,2\nid2,3,4\nid3,5,5\n');
    await u.put('jsonl/recs.jsonl', '{"id":1,"features":[1,2]}\n{"id":2,"features":[3,4]}\n');
    const csv = uniqueName('joincsv');
    const json = uniqueName('joinjson');
    await u.sagemaker.send(
      new CreateTransformJobCommand(
        job(csv, `s3://${u.bucket}/join/`, `s3://${u.bucket}/out-join`, {
          BatchStrategy: 'MultiRecord',
          DataProcessing: { InputFilter: '$[1:]', JoinSource: 'Input', OutputFilter: '$[0,-1]' },
        }),
      ),
    );
    await u.sagemaker.send(
      new CreateTransformJobCommand(
        job(json, `s3://${u.bucket}/jsonl/`, `s3://${u.bucket}/out-json`, {
          BatchStrategy: 'MultiRecord',
          TransformInput: {
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${u.bucket}/jsonl/` } },
            ContentType: 'application/jsonlines',
            SplitType: 'Line',
          },
          TransformOutput: {
            S3OutputPath: `s3://${u.bucket}/out-json`,
            Accept: 'application/jsonlines',
            AssembleWith: 'Line',
          },
          DataProcessing: { InputFilter: '$.features', JoinSource: 'Input' },
        }),
      ),
    );
    await completed(csv);
    expect((await u.get('out-join/ids.csv.out')).toString()).toBe('id1,6.0\nid2,14.0\nid3,20.0\n');
    const d = await completed(json);
    expect(d.DataProcessing).toEqual({ InputFilter: '$.features', JoinSource: 'Input' });
    const lines = (await u.get('out-json/recs.jsonl.out'))
      .toString()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { id: 1, features: [1, 2], SageMakerOutput: { score: 6.0 } },
      { id: 2, features: [3, 4], SageMakerOutput: { score: 14.0 } },
    ]);
  });

  it('fails on a record the model rejects and on a record over MaxPayloadInMB; stops a running job', async () => {
    await u.put('err/bad.csv', '1,2\nboom\n3,4\n');
    await u.put('big/rec.csv', `${'1,'.repeat(600_000)}1\n`);
    await u.put('slow/s.csv', 'slow,120\n');
    const bad = uniqueName('bad');
    const big = uniqueName('big');
    const slow = uniqueName('slow');
    await u.sagemaker.send(
      new CreateTransformJobCommand(job(bad, `s3://${u.bucket}/err/`, `s3://${u.bucket}/out-err`)),
    );
    await u.sagemaker.send(
      new CreateTransformJobCommand(
        job(big, `s3://${u.bucket}/big/`, `s3://${u.bucket}/out-big`, { MaxPayloadInMB: 1 }),
      ),
    );
    await u.sagemaker.send(
      new CreateTransformJobCommand(job(slow, `s3://${u.bucket}/slow/`, `s3://${u.bucket}/out-slow`)),
    );

    const b = await ends(u.sagemaker, bad);
    expect(b.TransformJobStatus).toBe('Failed');
    expect(b.FailureReason).toMatch(
      new RegExp(
        `^ClientError: ${u.bucket}/err/bad\\.csv: records 1-3: the model answered 500: ValueError: the ` +
          'model cannot read "boom"',
      ),
    );
    expect((await logText(bad, '/data-log')).text).toMatch(/err\/bad\.csv: ClientError: 500/);
    const g = await ends(u.sagemaker, big);
    expect(g.TransformJobStatus).toBe('Failed');
    expect(g.FailureReason).toMatch(
      /^ClientError: .*big\/rec\.csv: record 1 is 1200002 bytes, larger than MaxPayloadInMB \(1 MB\)/,
    );

    // Stop once the slow record is with the model.
    await waitFor(
      async () => ((await logText(slow)).text.includes('model loaded') ? true : undefined),
      'the slow job to serve',
      60_000,
      250,
    );
    await u.sagemaker.send(new StopTransformJobCommand({ TransformJobName: slow }));
    expect(['Stopping', 'Stopped']).toContain(
      (await u.sagemaker.send(new DescribeTransformJobCommand({ TransformJobName: slow }))).TransformJobStatus,
    );
    const st = await ends(u.sagemaker, slow, 30_000);
    expect(st.TransformJobStatus).toBe('Stopped');
    expect(st.TransformEndTime).toBeDefined();
    const again = await u.sagemaker.send(new StopTransformJobCommand({ TransformJobName: slow })).catch((e) => e);
    expect(again.name).toBe('ValidationException');
    expect(transformContainers()).toEqual([]);
  });

  it('refuses bad requests with reasons, and keeps jobs and models private', async () => {
    const bad = (extra: Partial<CreateTransformJobCommandInput>, sm = u.sagemaker) =>
      sm
        .send(
          new CreateTransformJobCommand(job(uniqueName('v'), `s3://${u.bucket}/in/`, `s3://${u.bucket}/out-v`, extra)),
        )
        .catch((e) => e);
    const unknown = await bad({ ModelName: 'no-such-model' });
    expect(unknown.name).toBe('ValidationException');
    expect(unknown.message).toMatch(/Could not find model "arn:aws:sagemaker:us-east-1:\d{12}:model\/no-such-model"/);
    const filter = await bad({ DataProcessing: { InputFilter: '$[?(@.x > 1)]' } });
    expect(filter.name).toBe('ValidationException');
    expect(filter.message).toMatch(/DataProcessing\.InputFilter: .*not supported/);
    const path = await bad({ DataProcessing: { OutputFilter: 'features' } });
    expect(path.message).toMatch(/must start with \$/);
    const split = await bad({
      TransformInput: {
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${u.bucket}/in/` } },
        SplitType: 'RecordIO',
      },
    });
    expect(split.message).toMatch(/SplitType RecordIO is not supported/);
    const payload = await bad({ MaxPayloadInMB: 60, MaxConcurrentTransforms: 2 });
    expect(payload.message).toMatch(/must not exceed 100 MB/);
    const type = await bad({ TransformResources: { InstanceType: 'ml.x99.huge' as never, InstanceCount: 1 } });
    expect(type.message).toMatch(/ml\.x99\.huge is not offered here/);
    const bucket = await bad({ TransformOutput: { S3OutputPath: 's3://no-such-bucket-here/o' } });
    expect(bucket.message).toMatch(/bucket no-such-bucket-here does not exist/);

    const name = uniqueName('dup');
    await u.sagemaker.send(
      new CreateTransformJobCommand(job(name, `s3://${u.bucket}/in/`, `s3://${u.bucket}/out-dup`)),
    );
    const dup = await u.sagemaker
      .send(new CreateTransformJobCommand(job(name, `s3://${u.bucket}/in/`, `s3://${u.bucket}/out-dup`)))
      .catch((e) => e);
    expect(dup.name).toBe('ResourceInUse');

    const other = await workUser(h);
    const hidden = await other.sagemaker
      .send(new DescribeTransformJobCommand({ TransformJobName: name }))
      .catch((e) => e);
    expect(hidden.name).toBe('ResourceNotFound');
    expect(
      (await other.sagemaker.send(new ListTransformJobsCommand({ NameContains: name }))).TransformJobSummaries,
    ).toEqual([]);
    const stop = await other.sagemaker.send(new StopTransformJobCommand({ TransformJobName: name })).catch((e) => e);
    expect(stop.name).toBe('ResourceNotFound');
    const theirs = await bad({ TransformOutput: { S3OutputPath: `s3://${other.bucket}/o` } }, other.sagemaker);
    expect(theirs.message).toMatch(/Could not find model/); // this user's model is not theirs to use
    const steal = await other.sagemaker
      .send(
        new CreateTransformJobCommand({
          ...job(uniqueName('steal'), `s3://${u.bucket}/in/`, `s3://${other.bucket}/o`),
          ModelName: await sklearnModel(other, 1),
        }),
      )
      .catch((e) => e);
    expect(steal.name).toBe('AccessDeniedException');
    await ends(u.sagemaker, name);
  });

  it('runs the built-in XGBoost image on a model trained by CreateTrainingJob', async () => {
    const artifacts = await xgbTraining;
    const xgb = uniqueName('xgbm');
    await u.sagemaker.send(
      new CreateModelCommand({
        ModelName: xgb,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: XGBOOST_IMAGE, ModelDataUrl: artifacts },
      }),
    );
    await u.put('xgb/in/x.csv', '1\n2.5\n4\n');
    const name = uniqueName('xgbt');
    await u.sagemaker.send(
      new CreateTransformJobCommand({
        ...job(name, `s3://${u.bucket}/xgb/in/`, `s3://${u.bucket}/xgb/out`),
        ModelName: xgb,
        BatchStrategy: 'MultiRecord',
        MaxPayloadInMB: 6,
      }),
    );
    await completed(name);
    const predictions = (await u.get('xgb/out/x.csv.out')).toString().trimEnd().split('\n').map(Number);
    expect(predictions).toHaveLength(3);
    [3, 6, 9].forEach((want, i) => expect(Math.abs(predictions[i]! - want)).toBeLessThan(0.5));
  });

  it('runs a job again from the start after the server is killed with SIGKILL mid-job', async () => {
    const db = await testDatabase();
    cleanup(() => db.drop());
    const env = { TESSERA_BACKEND: 'docker' };
    const first = await startServer({ databaseUrl: db.url, env });
    cleanup(() => first.cleanup());
    const admin = await adminClients(first);
    const opts = { endpoint: first.url, region: 'us-east-1', credentials: admin.credentials, maxAttempts: 1 };
    const s3 = new S3Client({ ...opts, forcePathStyle: true });
    const bucket = uniqueName('crash').toLowerCase();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const put = async (key: string, body: string | Buffer) => {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      return `s3://${bucket}/${key}`;
    };
    const crashModel = await sklearnModel({ put, sagemaker: admin.sagemaker }, 3);
    await put('in/a.csv', '1,1\nslow,4\n2,2\n');
    const name = uniqueName('crash');
    await admin.sagemaker.send(
      new CreateTransformJobCommand({
        ...job(name, `s3://${bucket}/in/`, `s3://${bucket}/out`),
        ModelName: crashModel,
        BatchStrategy: 'SingleRecord',
      }),
    );
    // Killed once the records are being sent: the data log opens when the transform loop starts.
    const logs = new CloudWatchLogsClient(opts);
    await waitFor(
      async () => {
        const l = await logs
          .send(
            new DescribeLogStreamsCommand({
              logGroupName: '/aws/sagemaker/TransformJobs',
              logStreamNamePrefix: `${name}/`,
            }),
          )
          .catch(() => undefined);
        return l?.logStreams?.some((st) => st.logStreamName!.endsWith('/data-log')) ? true : undefined;
      },
      'the transform loop to start',
      60_000,
      100,
    );
    first.process.kill('SIGKILL');
    await waitFor(
      async () => (first.process.exitCode !== null || first.process.signalCode !== null ? true : undefined),
      'server killed',
    );

    const second = await startServer({ dataDir: first.dataDir, databaseUrl: db.url, env });
    cleanup(() => second.stop());
    const sm = (await import('@tessera/test-support')).sageMakerClient(second.url, admin.credentials);
    expect((await sm.send(new DescribeTransformJobCommand({ TransformJobName: name }))).TransformJobStatus).toBe(
      'InProgress',
    );
    const d = await ends(sm, name, 60_000);
    expect(d.FailureReason).toBeUndefined();
    expect(d.TransformJobStatus).toBe('Completed');
    const s3b = new S3Client({ ...opts, endpoint: second.url, forcePathStyle: true });
    const out = await s3b.send(new GetObjectCommand({ Bucket: bucket, Key: 'out/a.csv.out' }));
    expect(await out.Body!.transformToString()).toBe('6.0\n0.0\n12.0\n');
    expect(transformContainers()).toEqual([]);
  });

  it(
    'runs the model it was created with when it runs again, ' + 'though Bob took the name of the deleted model',
    async () => {
      const db = await testDatabase();
      cleanup(() => db.drop());
      const env = { TESSERA_BACKEND: 'docker' };
      const first = await startServer({ databaseUrl: db.url, env });
      cleanup(() => first.cleanup());
      const admin = { server: first, ...(await adminClients(first)) } as unknown as Harness;
      const [alice, bob] = [await workUser(admin), await workUser(admin)];
      const name = await sklearnModel(alice, 3);
      await alice.put('in/a.csv', '1,1\nslow,4\n2,2\n');
      const jobName = uniqueName('origin');
      await alice.sagemaker.send(
        new CreateTransformJobCommand({
          ...job(jobName, `s3://${alice.bucket}/in/`, `s3://${alice.bucket}/out`),
          ModelName: name,
          BatchStrategy: 'SingleRecord',
        }),
      );
      await waitFor(
        async () => {
          const l = await alice.logs
            .send(
              new DescribeLogStreamsCommand({
                logGroupName: '/aws/sagemaker/TransformJobs',
                logStreamNamePrefix: `${jobName}/`,
              }),
            )
            .catch(() => undefined);
          return l?.logStreams?.some((st) => st.logStreamName!.endsWith('/data-log')) ? true : undefined;
        },
        'the transform loop to start',
        60_000,
        100,
      );
      // Alice deletes the model mid-job; Bob creates his own under its name. A crash makes the job
      // run again from the start, and it must start Alice's model again, not whatever bears the name.
      await alice.sagemaker.send(new DeleteModelCommand({ ModelName: name }));
      await sklearnModel(bob, 7, name);
      first.process.kill('SIGKILL');
      await waitFor(
        async () => (first.process.exitCode !== null || first.process.signalCode !== null ? true : undefined),
        'server killed',
      );

      const second = await startServer({ dataDir: first.dataDir, databaseUrl: db.url, env });
      cleanup(() => second.stop());
      const d = await ends(sageMakerClient(second.url, alice.credentials), jobName, 60_000);
      expect(d.FailureReason).toBeUndefined();
      expect(d.TransformJobStatus).toBe('Completed');
      const s3 = new S3Client({
        endpoint: second.url,
        region: 'us-east-1',
        credentials: alice.credentials,
        forcePathStyle: true,
      });
      const out = await s3.send(new GetObjectCommand({ Bucket: alice.bucket, Key: 'out/a.csv.out' }));
      expect(await out.Body!.transformToString()).toBe('6.0\n0.0\n12.0\n');
      expect(transformContainers()).toEqual([]);
    },
  );
});
