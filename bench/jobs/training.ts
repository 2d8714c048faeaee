// Training-job latencies, from the moment CreateTrainingJob is sent: (1) until the container runs
// — the engine's State.StartedAt, and the job's SecondaryStatus first seen as Training — for a
// script that sleeps long enough to be inspected; (2) until Completed, for a script that only
// writes a model file. Each phase's share comes from the job's own SecondaryStatusTransitions.
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  type DescribeTrainingJobCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { trainingContainerStartedAt } from './docker.ts';

export const SKLEARN_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';
const POLL_MS = 20;

export const TRAIN_SCRIPTS = {
  // Long enough for the bench to inspect the container while it runs.
  'sleep.py':
    "import os, time\ntime.sleep(3)\nopen(os.path.join(os.environ['SM_MODEL_DIR'], 'm.txt'), 'w').write('x')\n",
  'trivial.py': "import os\nopen(os.path.join(os.environ['SM_MODEL_DIR'], 'm.txt'), 'w').write('x')\n",
};

export interface TrainingInputs {
  bucket: string;
  code: string; // s3:// sourcedir.tar.gz holding TRAIN_SCRIPTS
  train: string; // s3:// prefix of a small CSV
}

export interface StartRow {
  name: string;
  createMs: number; // the CreateTrainingJob call itself
  containerStartedMs: number | undefined; // engine StartedAt − request time
  trainingSeenMs: number; // SecondaryStatus first observed as Training
  trainingStampMs: number; // the Training transition's own StartTime − request time
  phases: Record<string, number>; // ms per secondary status, from the transitions
}

export interface CompleteRow {
  name: string;
  completedSeenMs: number;
  completedStampMs: number;
  phases: Record<string, number>;
}

function job(name: string, program: string, inputs: TrainingInputs, role: string): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: name,
    RoleArn: role,
    AlgorithmSpecification: { TrainingImage: SKLEARN_IMAGE, TrainingInputMode: 'File' },
    HyperParameters: {
      sagemaker_program: JSON.stringify(program),
      sagemaker_submit_directory: JSON.stringify(inputs.code),
    },
    InputDataConfig: [
      {
        ChannelName: 'train',
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: inputs.train } },
        ContentType: 'text/csv',
      },
    ],
    OutputDataConfig: { S3OutputPath: `s3://${inputs.bucket}/training` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
    StoppingCondition: { MaxRuntimeInSeconds: 300 },
  };
}

const describe = (sm: SageMakerClient, name: string) =>
  sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ENDED = ['Completed', 'Failed', 'Stopped'];

async function until(
  sm: SageMakerClient,
  name: string,
  done: (d: DescribeTrainingJobCommandOutput) => boolean,
  timeoutMs = 180_000,
): Promise<[DescribeTrainingJobCommandOutput, number]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await describe(sm, name);
    const at = Date.now();
    if (done(d)) return [d, at];
    if (ENDED.includes(d.TrainingJobStatus!))
      throw new Error(`training job ${name} ended ${d.TrainingJobStatus}: ${d.FailureReason ?? ''}`);
    if (at > deadline) throw new Error(`training job ${name} is still ${d.SecondaryStatus}`);
    await sleep(POLL_MS);
  }
}

function phases(d: DescribeTrainingJobCommandOutput): Record<string, number> {
  return Object.fromEntries(
    (d.SecondaryStatusTransitions ?? [])
      .filter((t) => t.EndTime)
      .map((t) => [t.Status!, t.EndTime!.getTime() - t.StartTime!.getTime()]),
  );
}
const stamp = (d: DescribeTrainingJobCommandOutput, status: string) =>
  d.SecondaryStatusTransitions?.find((t) => t.Status === status)?.StartTime?.getTime();

export async function timeToRunning(
  sm: SageMakerClient,
  inputs: TrainingInputs,
  role: string,
  name: string,
): Promise<StartRow> {
  const t0 = Date.now();
  await sm.send(new CreateTrainingJobCommand(job(name, 'sleep.py', inputs, role)));
  const createMs = Date.now() - t0;
  const [d, seen] = await until(
    sm,
    name,
    (x) => x.SecondaryStatus === 'Training' || x.SecondaryStatus === 'Uploading' || x.TrainingJobStatus === 'Completed',
  );
  let started: number | undefined;
  for (let i = 0; i < 20 && started === undefined; i++) {
    started = await trainingContainerStartedAt(name);
    if (started === undefined) await sleep(50);
  }
  const [end] = await until(sm, name, (x) => x.TrainingJobStatus === 'Completed');
  return {
    name,
    createMs,
    containerStartedMs: started === undefined ? undefined : started - t0,
    trainingSeenMs: seen - t0,
    trainingStampMs: (stamp(d, 'Training') ?? Number.NaN) - t0,
    phases: phases(end),
  };
}

export async function timeToCompleted(
  sm: SageMakerClient,
  inputs: TrainingInputs,
  role: string,
  name: string,
): Promise<CompleteRow> {
  const t0 = Date.now();
  await sm.send(new CreateTrainingJobCommand(job(name, 'trivial.py', inputs, role)));
  const [d, seen] = await until(sm, name, (x) => x.TrainingJobStatus === 'Completed');
  return {
    name,
    completedSeenMs: seen - t0,
    completedStampMs: (stamp(d, 'Completed') ?? Number.NaN) - t0,
    phases: phases(d),
  };
}
