// The server never follows a path a container wrote, nor unpacks an archive out of its directory:
// attacks from a hostile training or processing container (links to the server's secret key, its
// environment, its whole data directory; hard links; FIFOs and devices) and from hostile archives
// (sourcedir.tar.gz and model.tar.gz with `../`, absolute and link entries; tar bombs), on the
// Docker backend, by an ordinary user through the real SDK clients.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  DescribeEndpointCommand,
  DescribeProcessingJobCommand,
  type CreateTrainingJobCommandInput,
  type DescribeProcessingJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import * as tarStream from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniqueName, useHarness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, tarEntries, trainingEnds, workUser, type WorkUser } from './work-fixture.ts';

const MODEL_CAP = 8 * 1024 * 1024;
const h = useHarness({ TESSERA_BACKEND: 'docker', TESSERA_MODEL_ARCHIVE_MAX_BYTES: String(MODEL_CAP) });

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

async function logLines(group: string, name: string): Promise<string[]> {
  const streams = await u.logs.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: name }));
  const lines: string[] = [];
  for (const s of streams.logStreams ?? []) {
    const ev = await u.logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: s.logStreamName!, startFromHead: true }),
    );
    lines.push(...ev.events!.map((e) => e.message!));
  }
  return lines;
}

async function keysUnder(prefix: string): Promise<string[]> {
  const r = await u.s3.send(new ListObjectsV2Command({ Bucket: u.bucket, Prefix: prefix }));
  return (r.Contents ?? []).map((o) => o.Key!.slice(prefix.length));
}

/** Nothing the server holds: its key, its database, its environment. */
function expectNoSecrets(text: string) {
  expect(text).not.toContain(keyHead);
  expect(text).not.toContain('SQLite format 3');
  expect(text).not.toContain('TESSERA_ADMIN_PASSWORD');
  expect(text).not.toContain(h.server.adminPassword);
}

type Entry = Partial<tarStream.Header> & { name: string; body?: string | Buffer };
async function tarGz(entries: Entry[], repeatLast = 1): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const c of pack) chunks.push(Buffer.from(c as Uint8Array));
  })();
  for (const { body, ...header } of entries) pack.entry(header, body ?? '');
  pack.finalize();
  await done;
  const tar = Buffer.concat(chunks);
  if (repeatLast === 1) return gzipSync(tar);
  // The last entry's header block again and again (a directory: no body), then the end blocks.
  const last = tar.subarray(tar.length - 1024 - 512, tar.length - 1024);
  return gzipSync(
    Buffer.concat([tar.subarray(0, tar.length - 1024), ...Array(repeatLast - 1).fill(last), Buffer.alloc(1024)]),
  );
}

/** Files named "planted*" anywhere in the data directory or at the file system's root. */
function planted(): string[] {
  const found = readdirSync(h.server.dataDir, { recursive: true, encoding: 'utf8' }).filter((p) =>
    p.split('/').some((part) => part.startsWith('planted')),
  );
  return [...found, ...readdirSync('/').filter((n) => n.startsWith('planted'))];
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

  it('packs no part of the data directory when /opt/ml/model is a link to it, and says what it left out', async () => {
    const name = uniqueName('modellink');
    await u.sagemaker.send(
      shellJob(
        name,
        'rm -rf /opt/ml/model && ln -s ../../.. /opt/ml/model && ' +
          'rm -rf /opt/ml/output/data && ln -s / /opt/ml/output/data',
      ),
    );
    const d = await trainingEnds(u.sagemaker, name);
    expect(d.FailureReason).toBeUndefined();
    expect(d.TrainingJobStatus).toBe('Completed');
    for (const file of ['model.tar.gz', 'output.tar.gz']) {
      const archive = await u.get(`out/${name}/output/${file}`);
      expect(await tarEntries(archive)).toEqual([]);
      expectNoSecrets(gunzipSync(archive).toString('latin1'));
    }
    const lines = await logLines('/aws/sagemaker/TrainingJobs', `${name}/`);
    expect(lines).toContain(
      'model.tar.gz: left out /opt/ml/model, which is a symbolic link; only regular files and directories are packed',
    );
    expect(lines).toContain(
      'output.tar.gz: left out /opt/ml/output/data, which is a symbolic link; ' +
        'only regular files and directories are packed',
    );
  });

  it(
    'leaves hard links, links and FIFOs out of model.tar.gz ' + '(a device cannot even be made), and packs the rest',
    async () => {
      const name = uniqueName('hardlink');
      await u.sagemaker.send(
        shellJob(
          name,
          [
            'cd /opt/ml/model',
            'echo ok > ok.txt',
            'mkdir sub && echo deep > sub/deep.txt',
            'echo mine > real.txt && ln real.txt twin.txt',
            'ln /opt/ml/input/config/resourceconfig.json config.json',
            'ln -s ../../.. data',
            'mkfifo pipe',
            // No CAP_MKNOD, and user namespaces forbid device nodes anyway (pack-tree.test.ts has one).
            '(mknod d b 8 0||echo NO-MKNOD)',
          ].join(' && '),
        ),
      );
      const d = await trainingEnds(u.sagemaker, name);
      expect(d.FailureReason).toBeUndefined();
      const archive = await u.get(`out/${name}/output/model.tar.gz`);
      expect((await tarEntries(archive)).map((e) => e.replace(/\/$/, '')).sort()).toEqual([
        'ok.txt',
        'sub',
        'sub/deep.txt',
      ]);
      expectNoSecrets(gunzipSync(archive).toString('latin1'));
      const all = await logLines('/aws/sagemaker/TrainingJobs', `${name}/`);
      expect(all).toContain('NO-MKNOD');
      const lines = all.filter((l) => l.includes('left out'));
      expect(
        lines.map((l) => l.replace(/^model\.tar\.gz: left out \/opt\/ml\/model\/(.*); only .*$/, '$1')).sort(),
      ).toEqual([
        'config.json, which has 2 hard links',
        'data, which is a symbolic link',
        'pipe, which is a FIFO',
        'real.txt, which has 2 hard links',
        'twin.txt, which has 2 hard links',
      ]);
    },
  );

  it('uploads nothing outside a processing output, and says what it left out', async () => {
    const name = uniqueName('proclink');
    await u.sagemaker.send(
      await shellProcessing(
        name,
        [
          'mkdir -p /opt/ml/processing/output/a /data/b',
          'echo ok > /opt/ml/processing/output/a/ok.txt',
          'ln -s / /opt/ml/processing/output/a/root',
          'ln -s ../../../../secret.key /opt/ml/processing/output/a/key',
          'echo fine > /data/b/fine.txt && ln -s /etc /data/b/etc',
          'rm -rf /opt/ml/processing/output/gone && ln -s ../../../.. /opt/ml/processing/output/gone',
        ].join(' && '),
        ['/opt/ml/processing/output/a', '/data/b', '/opt/ml/processing/output/gone'],
      ),
    );
    const d = await processingEnds(name);
    expect(d.FailureReason).toBeUndefined();
    expect(d.ProcessingJobStatus).toBe('Completed');
    expect(await keysUnder(`proc/${name}/out0/`)).toEqual(['ok.txt']);
    expect(await keysUnder(`proc/${name}/out1/`)).toEqual(['fine.txt']);
    expect(await keysUnder(`proc/${name}/out2/`)).toEqual([]);
    const lines = (await logLines('/aws/sagemaker/ProcessingJobs', `${name}/`)).filter((l) => l.includes('left out'));
    expect(lines.map((l) => l.replace(/^s3:\/\/\S+: left out (.*); only .*$/, '$1')).sort()).toEqual([
      '/data/b/etc, which is a symbolic link',
      '/opt/ml/processing/output/a/key, which is a symbolic link',
      '/opt/ml/processing/output/a/root, which is a symbolic link',
      '/opt/ml/processing/output/gone, which is a symbolic link',
    ]);
  });
});

describe('archives the server unpacks', { timeout: 180_000 }, () => {
  const key = () => join(h.server.dataDir, 'secret.key');

  async function codeJob(archive: Buffer): Promise<string> {
    const name = uniqueName('srcdir');
    const uri = await u.put(`src/${name}/sourcedir.tar.gz`, archive);
    await u.sagemaker.send(
      shellJob(name, 'exit 0', {
        HyperParameters: { sagemaker_program: '"train.py"', sagemaker_submit_directory: JSON.stringify(uri) },
      }),
    );
    const d = await trainingEnds(u.sagemaker, name);
    expect(d.TrainingJobStatus).toBe('Failed');
    return d.FailureReason!.replace(uri, 'URI');
  }

  it('fails a job whose sourcedir.tar.gz would write outside /opt/ml/code, writing nothing there', async () => {
    const reasons = await Promise.all([
      codeJob(await tarGz([{ name: '../../../../planted-dotdot', body: 'x' }])),
      codeJob(await tarGz([{ name: join(h.server.dataDir, 'planted-absolute'), body: 'x' }])),
      codeJob(
        await tarGz([
          { name: 'up', type: 'symlink', linkname: '../../../..' },
          { name: 'up/planted-through-link', body: 'x' },
        ]),
      ),
      codeJob(await tarGz([{ name: 'key', type: 'link', linkname: '../../../../secret.key' }])),
    ]);
    const out = 'outside the directory it unpacks into';
    expect(reasons).toEqual([
      `ClientError: URI has an entry ../../../../planted-dotdot that leads ${out}`,
      `ClientError: URI has an entry ${join(h.server.dataDir, 'planted-absolute')} that leads ${out}`,
      `ClientError: URI has a symbolic link up -> ../../../.. that leads ${out}`,
      `ClientError: URI has a hard link key to ../../../../secret.key, ${out}`,
    ]);
    expect(planted()).toEqual([]);
    expect(statSync(key()).nlink).toBe(1);
  });

  it('fails a job whose sourcedir.tar.gz is a tar bomb, with the limit it broke', async () => {
    const bomb = await tarGz(
      [
        { name: 'train.py', body: 'print(1)' },
        { name: 'd', type: 'directory' },
      ],
      100_001,
    );
    expect(await codeJob(bomb)).toBe('ClientError: URI has more than 100000 entries');
  });

  async function endpointWith(archive: Buffer): Promise<string> {
    const name = uniqueName('mdl');
    const uri = await u.put(`models/${name}/model.tar.gz`, archive);
    await u.sagemaker.send(
      new CreateModelCommand({
        ModelName: name,
        ExecutionRoleArn: ROLE,
        PrimaryContainer: { Image: SKLEARN_IMAGE, ModelDataUrl: uri },
      }),
    );
    await u.sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: name,
        ProductionVariants: [
          { VariantName: 'v', ModelName: name, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 },
        ],
      }),
    );
    await u.sagemaker.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
    const d = await waitFor(
      async () => {
        const e = await u.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name }));
        return ['Failed', 'InService'].includes(e.EndpointStatus!) ? e : undefined;
      },
      `endpoint ${name}`,
      60_000,
      250,
    );
    expect(d.EndpointStatus).toBe('Failed');
    return d.FailureReason!.replace(uri, 'URI');
  }

  it('fails an endpoint whose model.tar.gz would write outside /opt/ml/model, or is a bomb', async () => {
    const reasons = await Promise.all([
      endpointWith(await tarGz([{ name: '../../../../../planted-model', body: 'x' }])),
      endpointWith(
        await tarGz([
          { name: 'up', type: 'symlink', linkname: '../../../../..' },
          { name: 'up/planted-model-through-link', body: 'x' },
        ]),
      ),
      // Three 4 MiB files of zeros: 12 MiB from a few KB, past the 8 MiB cap of this server.
      endpointWith(await tarGz([0, 1, 2].map((i) => ({ name: `part-${i}`, body: Buffer.alloc(4 * 1024 * 1024) })))),
    ]);
    const out = 'outside the directory it unpacks into';
    expect(reasons).toEqual([
      `could not start the instances: URI has an entry ../../../../../planted-model that leads ${out}`,
      `could not start the instances: URI has a symbolic link up -> ../../../../.. that leads ${out}`,
      `could not start the instances: URI unpacks to more than ${MODEL_CAP} bytes`,
    ]);
    expect(planted()).toEqual([]);
  });
});
