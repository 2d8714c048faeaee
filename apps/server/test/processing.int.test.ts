// Processing jobs on the Docker backend: inputs staged to their LocalPaths (inside and outside
// /opt/ml), the entrypoint and arguments run, outputs uploaded file by file, ExitMessage, failure
// and stop.
import {
  CreateProcessingJobCommand,
  DescribeProcessingJobCommand,
  ListProcessingJobsCommand,
  StopProcessingJobCommand,
  type CreateProcessingJobCommandInput,
  type DescribeProcessingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker' });

const PREPROCESS = `
import argparse, os, glob
p = argparse.ArgumentParser(); p.add_argument('--scale', type=float); a = p.parse_args()
rows = []
for f in sorted(glob.glob('/opt/ml/processing/input/data/**/*.csv', recursive=True)):
    rows += [float(l) * a.scale for l in open(f).read().split()]
os.makedirs('/opt/ml/processing/output/train', exist_ok=True)
open('/opt/ml/processing/output/train/scaled.csv', 'w').write('\\n'.join(str(r) for r in rows))
os.makedirs('/data/report/nested', exist_ok=True)
open('/data/report/nested/count.txt', 'w').write(str(len(rows)))
open('/opt/ml/output/message', 'w').write(f'scaled {len(rows)} rows by {a.scale}')
print('processed', len(rows), flush=True)
`;

let u: WorkUser;
let code: string;

function job(
  name: string,
  args: string[],
  extra: Partial<CreateProcessingJobCommandInput> = {},
): CreateProcessingJobCommandInput {
  return {
    ProcessingJobName: name,
    RoleArn: ROLE,
    AppSpecification: {
      ImageUri: SKLEARN_IMAGE,
      ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/preprocess.py'],
      ContainerArguments: args,
    },
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 5 } },
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
      {
        InputName: 'data',
        S3Input: {
          S3Uri: `s3://${u.bucket}/raw/`,
          LocalPath: '/opt/ml/processing/input/data',
          S3DataType: 'S3Prefix',
          S3InputMode: 'File',
        },
      },
    ],
    ProcessingOutputConfig: {
      Outputs: [
        {
          OutputName: 'train',
          S3Output: {
            S3Uri: `s3://${u.bucket}/processed/${name}/train`,
            LocalPath: '/opt/ml/processing/output/train',
            S3UploadMode: 'EndOfJob',
          },
        },
        {
          OutputName: 'report',
          S3Output: {
            S3Uri: `s3://${u.bucket}/processed/${name}/report`,
            LocalPath: '/data/report',
            S3UploadMode: 'EndOfJob',
          },
        },
      ],
    },
    StoppingCondition: { MaxRuntimeInSeconds: 300 },
    ...extra,
  };
}

async function ends(name: string): Promise<DescribeProcessingJobCommandOutput> {
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

beforeAll(async () => {
  u = await workUser(h);
  code = await u.put('code/preprocess.py', PREPROCESS);
  await u.put('code/fail.py', "import sys\nprint('about to fail', flush=True)\nsys.exit(4)\n");
  await u.put('code/sleep.py', 'import time\ntime.sleep(600)\n');
  await u.put('raw/a/1.csv', '1\n2\n3\n');
  await u.put('raw/b.csv', '10\n');
  code = `s3://${u.bucket}/code/`;
});

describe('processing jobs on Docker', { timeout: 180_000 }, () => {
  it('runs the entrypoint with its arguments on the staged inputs and uploads every output', async () => {
    const name = uniqueName('proc');
    const { ProcessingJobArn } = await u.sagemaker.send(new CreateProcessingJobCommand(job(name, ['--scale', '2'])));
    expect(ProcessingJobArn).toMatch(new RegExp(`:processing-job/${name.toLowerCase()}$`));
    const d = await ends(name);
    expect(d.FailureReason).toBeUndefined();
    expect(d.ProcessingJobStatus).toBe('Completed');
    expect(d.ExitMessage).toBe('scaled 4 rows by 2.0');
    expect(d.ProcessingStartTime).toBeInstanceOf(Date);
    expect(d.ProcessingEndTime!.getTime()).toBeGreaterThanOrEqual(d.ProcessingStartTime!.getTime());
    expect((await u.get(`processed/${name}/train/scaled.csv`)).toString()).toBe('2.0\n4.0\n6.0\n20.0');
    expect((await u.get(`processed/${name}/report/nested/count.txt`)).toString()).toBe('4');
    const listed = await u.sagemaker.send(new ListProcessingJobsCommand({ NameContains: name }));
    expect(listed.ProcessingJobSummaries!.map((j) => [j.ProcessingJobName, j.ProcessingJobStatus])).toEqual([
      [name, 'Completed'],
    ]);
  });

  it('fails with the exit code, and stops a running job', async () => {
    const failing = uniqueName('pfail');
    await u.sagemaker.send(
      new CreateProcessingJobCommand(
        job(failing, [], {
          AppSpecification: {
            ImageUri: SKLEARN_IMAGE,
            ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/fail.py'],
          },
        }),
      ),
    );
    const f = await ends(failing);
    expect(f.ProcessingJobStatus).toBe('Failed');
    expect(f.FailureReason).toMatch(/exited with code 4/);

    const sleeping = uniqueName('pstop');
    await u.sagemaker.send(
      new CreateProcessingJobCommand(
        job(sleeping, [], {
          AppSpecification: {
            ImageUri: SKLEARN_IMAGE,
            ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/sleep.py'],
          },
        }),
      ),
    );
    await waitFor(
      async () => {
        const d = await u.sagemaker.send(new DescribeProcessingJobCommand({ ProcessingJobName: sleeping }));
        return d.ProcessingStartTime ? d : undefined;
      },
      'processing started',
      60_000,
      200,
    );
    await u.sagemaker.send(new StopProcessingJobCommand({ ProcessingJobName: sleeping }));
    const s = await ends(sleeping);
    expect(s.ProcessingJobStatus).toBe('Stopped');
  });

  it('refuses bad requests with actionable errors', async () => {
    const bad = await u.sagemaker
      .send(
        new CreateProcessingJobCommand(
          job(uniqueName('pbad'), [], {
            ProcessingResources: {
              ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.nope.large' as never, VolumeSizeInGB: 1 },
            },
          }),
        ),
      )
      .catch((e) => e);
    expect(bad.name).toBe('ValidationException');
    expect(bad.message).toMatch(/ml\.nope\.large is not offered here/);
    const other = await workUser(h);
    const steal = await other.sagemaker
      .send(new CreateProcessingJobCommand(job(uniqueName('psteal'), [])))
      .catch((e) => e);
    expect(steal.name).toBe('AccessDeniedException');
  });
});
