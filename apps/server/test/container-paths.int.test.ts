// The server never follows a path a container wrote: a hostile training or processing container
// links /opt/ml/output/failure or /opt/ml/output/message to the server's secret key, its database
// or its environment, on the Docker backend, by an ordinary user through the real SDK clients.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  DescribeProcessingJobCommand,
  type CreateTrainingJobCommandInput,
  type DescribeProcessingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, trainingEnds, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

let u: WorkUser;
/** The first 32 bytes of the server's master key: must never leave the server. */
let keyHead: string;

beforeAll(async () => {
  u = await workUser(h);
  keyHead = readFileSync(join(h.server.dataDir, 'secret.key'), 'utf8').slice(0, 32);
  expect(keyHead).toHaveLength(32);
});

function shellJob(name: string, script: string, extra: Partial<CreateTrainingJobCommandInput> = {}) {
  return new CreateTrainingJobCommand({
    TrainingJobName: name,
    RoleArn: ROLE,
    AlgorithmSpecification: {
      TrainingImage: SKLEARN_IMAGE,
      TrainingInputMode: 'File',
      ContainerEntrypoint: ['bash', '-c', script],
    },
    OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/out` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
    StoppingCondition: { MaxRuntimeInSeconds: 120 },
    ...extra,
  });
}

/** A processing job that runs `script` with bash (from an input: an entrypoint's items hold 256 characters). */
async function shellProcessing(name: string, script: string, outputs: string[]): Promise<CreateProcessingJobCommand> {
  const code = await u.put(`proc-code/${name}/run.sh`, script);
  return new CreateProcessingJobCommand({
    ProcessingJobName: name,
    RoleArn: ROLE,
    AppSpecification: {
      ImageUri: SKLEARN_IMAGE,
      ContainerEntrypoint: ['bash', '/opt/ml/processing/input/code/run.sh'],
    },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
    ProcessingInputs: [
      {
        InputName: 'code',
        S3Input: {
          S3Uri: code,
          LocalPath: '/opt/ml/processing/input/code',
          S3DataType: 'S3Prefix',
          S3InputMode: 'File',
        },
      },
    ],
    ProcessingOutputConfig: {
      Outputs: outputs.map((local, i) => ({
        OutputName: `out${i}`,
        S3Output: { S3Uri: `s3://${u.bucket}/proc/${name}/out${i}`, LocalPath: local, S3UploadMode: 'EndOfJob' },
      })),
    },
    StoppingCondition: { MaxRuntimeInSeconds: 120 },
  });
}

async function processingEnds(name: string): Promise<DescribeProcessingJobCommandOutput> {
  return waitFor(
    async () => {
      const d = await u.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: name }));
      return ['Completed', 'Failed', 'Stopped'].includes(d.ProcessingJobStatus!) ? d : undefined;
    },
    `processing job ${name}`,
    120_000,
    250,
  );
}

/** Nothing the server holds: its key, its database, its environment. */
function expectNoSecrets(text: string) {
  expect(text).not.toContain(keyHead);
  expect(text).not.toContain('SQLite format 3');
  expect(text).not.toContain('TESSERA_ADMIN_PASSWORD');
  expect(text).not.toContain(h.server.adminPassword);
}

describe('what a container leaves in /opt/ml', { timeout: 180_000 }, () => {
  it('never puts a linked file into FailureReason: relative, absolute, /proc/self/environ', async () => {
    const targets = [
      '../../../../secret.key',
      join(h.server.dataDir, 'secret.key'),
      '/proc/self/environ',
      join(h.server.dataDir, 'tessera.db'),
    ];
    const names = targets.map(() => uniqueName('failink'));
    for (let i = 0; i < targets.length; i++)
      await u.sagemaker.send(shellJob(names[i]!, `ln -sf ${targets[i]} /opt/ml/output/failure; exit 1`));
    for (const name of names) {
      const d = await trainingEnds(u.sagemaker, name);
      expect(d.TrainingJobStatus).toBe('Failed');
      expect(d.FailureReason).toBe(
        'AlgorithmError: /opt/ml/output/failure is a symbolic link; write the failure reason as a regular file ' +
          '(the container on algo-1 exited with code 1)',
      );
      expectNoSecrets(d.FailureReason!);
    }
    // A regular file is still read as the reason, as SageMaker does.
    const plain = uniqueName('failplain');
    await u.sagemaker.send(shellJob(plain, 'echo "ValueError: no label column" > /opt/ml/output/failure; exit 2'));
    expect((await trainingEnds(u.sagemaker, plain)).FailureReason).toBe('AlgorithmError: ValueError: no label column');
  });

  it('reads no linked failure reason or exit message of a processing job', async () => {
    const failing = uniqueName('procfail');
    const linked = uniqueName('procmsg');
    await u.sagemaker.send(
      await shellProcessing(failing, 'ln -sf ../../../../secret.key /opt/ml/output/failure; exit 3', []),
    );
    await u.sagemaker.send(await shellProcessing(linked, 'ln -s /proc/self/environ /opt/ml/output/message', []));
    const f = await processingEnds(failing);
    expect(f.ProcessingJobStatus).toBe('Failed');
    expect(f.FailureReason).toBe(
      'AlgorithmError: /opt/ml/output/failure is a symbolic link; write the failure reason as a regular file ' +
        '(the container on algo-1 exited with code 3)',
    );
    expectNoSecrets(f.FailureReason!);
    const m = await processingEnds(linked);
    expect(m.ProcessingJobStatus).toBe('Completed');
    expect(m.ExitMessage).toBe('/opt/ml/output/message is a symbolic link; write the message as a regular file');
    expectNoSecrets(m.ExitMessage!);
    expect(m.ExitMessage).not.toContain('PATH=');
  });
});
