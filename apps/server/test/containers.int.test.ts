// Tessera's SageMaker images (built by scripts/docker.sh) run the way SageMaker runs a container:
// `docker run IMAGE train|serve` with a /opt/ml laid out as the control plane lays it out. Also:
// the same package as a host process (the process backend), and its Python unit tests.
// Serving tests use the models the training tests before them wrote.
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { waitFor } from '@tessera/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = join(repo, 'apps/server/test/fixtures/containers');
const label = { 'tessera.test': `containers-${process.pid}` };
const images = {
  sklearn: 'tessera/sagemaker-scikit-learn:latest',
  xgboost: 'tessera/sagemaker-xgboost:latest',
  kmeans: 'tessera/sagemaker-kmeans:latest',
  linear: 'tessera/sagemaker-linear-learner:latest',
};
const run = promisify(execFile);
const temps: string[] = [];

beforeAll(async () => {
  for (const image of Object.values(images)) {
    await docker
      .getImage(image)
      .inspect()
      .catch(() => {
        throw new Error(`image ${image} is missing: run scripts/docker.sh`);
      });
  }
});

afterAll(async () => {
  const leftovers = await docker.listContainers({
    all: true,
    filters: { label: [`tessera.test=${label['tessera.test']}`] },
  });
  await Promise.all(leftovers.map((c) => docker.getContainer(c.Id).remove({ force: true })));
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

interface Layout {
  hyperparameters?: Record<string, string>;
  inputDataConfig?: Record<string, { ContentType?: string }>;
  data?: Record<string, Record<string, string>>;
  code?: Record<string, string>; // file name in /opt/ml/code -> fixture file
}

/** A fresh /opt/ml as the control plane stages it before `train`. */
function optMl(layout: Layout = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'tessera-opt-ml-'));
  temps.push(root);
  const config = join(root, 'input/config');
  mkdirSync(config, { recursive: true });
  writeFileSync(join(config, 'hyperparameters.json'), JSON.stringify(layout.hyperparameters ?? {}));
  writeFileSync(join(config, 'inputdataconfig.json'), JSON.stringify(layout.inputDataConfig ?? {}));
  writeFileSync(
    join(config, 'resourceconfig.json'),
    JSON.stringify({ current_host: 'algo-1', hosts: ['algo-1'], network_interface_name: 'eth0' }),
  );
  for (const [channel, files] of Object.entries(layout.data ?? {})) {
    mkdirSync(join(root, 'input/data', channel), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'input/data', channel, name), text);
  }
  for (const [name, fixture] of Object.entries(layout.code ?? {})) {
    mkdirSync(join(root, 'code'), { recursive: true });
    copyFileSync(join(fixtures, fixture), join(root, 'code', name));
  }
  return root;
}

/** Docker's multiplexed log stream (no TTY) as text. */
function demux(buf: Buffer): string {
  let out = '';
  for (let i = 0; i + 8 <= buf.length;) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}

/**
 * The engine remaps user namespaces (scripts/docker.sh): container root is an unprivileged host
 * uid, so /opt/ml is given to it before a run, as Tessera's runtime does.
 */
async function giveToContainerRoot(root: string) {
  const { DockerRootDir } = (await docker.info()) as { DockerRootDir: string };
  const ids = /\/(\d+)\.(\d+)$/.exec(DockerRootDir);
  if (ids) execFileSync('chown', ['-R', '--no-dereference', `${ids[1]}:${ids[2]}`, root]);
}

async function train(image: string, root: string, env: Record<string, string> = {}) {
  await giveToContainerRoot(root);
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['train'],
    Env: Object.entries({ TRAINING_JOB_NAME: 'test-job', ...env }).map(([k, v]) => `${k}=${v}`),
    Labels: label,
    HostConfig: { Binds: [`${root}:/opt/ml`] },
  });
  try {
    await container.start();
    const { StatusCode } = await container.wait();
    const logs = demux((await container.logs({ stdout: true, stderr: true })) as unknown as Buffer);
    return { code: StatusCode as number, logs };
  } finally {
    await container.remove({ force: true });
  }
}

/** `docker run IMAGE serve` with port 8080 on a random local port; resolves once /ping is 200. */
async function serve(image: string, root: string, env: Record<string, string> = {}) {
  await giveToContainerRoot(root);
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['serve'],
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: label,
    ExposedPorts: { '8080/tcp': {} },
    HostConfig: { Binds: [`${root}:/opt/ml`], PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  await container.start();
  const info = await container.inspect();
  const url = `http://127.0.0.1:${info.NetworkSettings.Ports['8080/tcp']![0]!.HostPort}`;
  await waitFor(
    async () => {
      if (!(await container.inspect()).State.Running)
        throw new Error(demux((await container.logs({ stdout: true, stderr: true })) as unknown as Buffer));
      return (await fetch(`${url}/ping`).catch(() => null))?.status === 200 ? true : undefined;
    },
    `${image} /ping`,
    30_000,
    100,
  );
  return { url, container };
}

async function invoke(url: string, body: string, contentType: string, accept?: string) {
  const res = await fetch(`${url}/invocations`, {
    method: 'POST',
    body,
    headers: { 'Content-Type': contentType, ...(accept ? { Accept: accept } : {}) },
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((done) => probe.close(done));
  return port;
}

const lines = (text: string) => text.trim().split('\n');
const linear = Array.from({ length: 40 }, (_, i) => `${2 * (i / 4)},${i / 4}`).join('\n') + '\n'; // y = 2x, label first

const sdkHyperparameters = {
  // As the SageMaker Python SDK's SKLearn estimator sends them: every value JSON-encoded.
  sagemaker_program: '"train.py"',
  sagemaker_submit_directory: '"s3://bucket/sk-job/source/sourcedir.tar.gz"',
  sagemaker_container_log_level: '20',
  sagemaker_job_name: '"sk-job"',
  sagemaker_region: '"us-east-1"',
  alpha: '0.5',
  tag: '"hello world"',
  flag: 'true',
};

describe('tessera/sagemaker-scikit-learn', () => {
  let trained = '';

  it(
    'trains in script mode: SDK hyperparameters become arguments, ' +
      'the SM_* environment is set, the model is written',
    async () => {
      trained = optMl({
        hyperparameters: sdkHyperparameters,
        inputDataConfig: { train: { ContentType: 'text/csv' } },
        data: { train: { 'data.csv': linear } },
        code: { 'train.py': 'sklearn_train.py' },
      });
      const { code, logs } = await train(images.sklearn, trained);
      expect(code, logs).toBe(0);
      expect(logs).toContain('training with alpha=0.5 tag=hello world');
      expect(existsSync(join(trained, 'model/model.joblib'))).toBe(true);
      expect(existsSync(join(trained, 'output/failure'))).toBe(false);

      const seen = JSON.parse(readFileSync(join(trained, 'output/data/seen.json'), 'utf8')) as {
        argv: string[];
        env: Record<string, string>;
      };
      expect(seen.argv).toEqual(['--alpha', '0.5', '--flag', 'True', '--tag', 'hello world']);
      const env = seen.env;
      expect(env).toMatchObject({
        TRAINING_JOB_NAME: 'test-job',
        SM_MODEL_DIR: '/opt/ml/model',
        SM_CHANNELS: '["train"]',
        SM_CHANNEL_TRAIN: '/opt/ml/input/data/train',
        SM_OUTPUT_DATA_DIR: '/opt/ml/output/data',
        SM_OUTPUT_DIR: '/opt/ml/output',
        SM_INPUT_DIR: '/opt/ml/input',
        SM_INPUT_CONFIG_DIR: '/opt/ml/input/config',
        SM_HP_ALPHA: '0.5',
        SM_HP_TAG: 'hello world',
        SM_HP_FLAG: 'true',
        SM_CURRENT_HOST: 'algo-1',
        SM_HOSTS: '["algo-1"]',
        SM_NUM_GPUS: '0',
        SM_MODULE_NAME: 'train',
        SM_MODULE_DIR: 's3://bucket/sk-job/source/sourcedir.tar.gz',
        SM_USER_ENTRY_POINT: 'train.py',
      });
      expect(JSON.parse(env.SM_HPS!)).toEqual({ alpha: 0.5, tag: 'hello world', flag: true });
      expect(JSON.parse(env.SM_USER_ARGS!)).toEqual(seen.argv);
      expect(Number(env.SM_NUM_CPUS)).toBeGreaterThanOrEqual(1);
      const training = JSON.parse(env.SM_TRAINING_ENV!);
      expect(training).toMatchObject({
        job_name: 'sk-job',
        module_name: 'train',
        hyperparameters: { alpha: 0.5 },
        channel_input_dirs: { train: '/opt/ml/input/data/train' },
      });
      expect(training.input_data_config).toEqual({ train: { ContentType: 'text/csv' } });
    },
  );

  it('a failing script: non-zero exit, and /opt/ml/output/failure says why with the end of its stderr', async () => {
    const root = optMl({
      hyperparameters: { ...sdkHyperparameters, fail: '"alpha is too large"' },
      data: { train: { 'data.csv': linear } },
      code: { 'train.py': 'sklearn_train.py' },
    });
    const { code, logs } = await train(images.sklearn, root);
    expect(code).toBe(1);
    expect(logs).toContain('about to fail'); // the script's stderr streamed through
    const failure = readFileSync(join(root, 'output/failure'), 'utf8');
    expect(failure).toMatch(/^AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "/);
    expect(failure).toContain('ValueError: alpha is too large');
    expect(failure).toContain('Command "/usr/bin/python3 train.py --alpha 0.5 --fail');
  });

  it(
    'serves with the default handlers: /ping, CSV and JSON in, JSON or CSV out, 415, 500, ' +
      'batch /execution-parameters, keep-alive',
    async () => {
      // The SDK repacks the code into the model (model.tar.gz/code/) and names it in the environment.
      mkdirSync(join(trained, 'model/code'));
      copyFileSync(join(fixtures, 'sklearn_train.py'), join(trained, 'model/code/train.py'));
      const { url } = await serve(images.sklearn, trained, {
        SAGEMAKER_PROGRAM: 'train.py',
        SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code',
        SAGEMAKER_BATCH: 'true',
        SAGEMAKER_MAX_CONCURRENT_TRANSFORMS: '4',
        SAGEMAKER_BATCH_STRATEGY: 'MultiRecord',
        SAGEMAKER_MAX_PAYLOAD_IN_MB: '6',
      });
      const csv = await invoke(url, '1\n2.5\n10\n', 'text/csv');
      expect(csv.status, csv.text).toBe(200);
      expect(csv.type).toBe('application/json');
      expect((JSON.parse(csv.text) as number[]).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([2, 5, 20]);

      const json = await invoke(url, '[[1], [3]]', 'application/json', 'text/csv');
      expect(json.type).toBe('text/csv');
      expect(lines(json.text).map(Number).map(Math.round)).toEqual([2, 6]);

      const unsupported = await invoke(url, 'x', 'application/x-foo');
      expect(unsupported.status).toBe(415);
      expect(unsupported.text).toContain('application/x-foo');

      const broken = await invoke(url, '[[1, 2]]', 'application/json'); // the model takes one feature
      expect(broken.status).toBe(500);
      expect(broken.text).toMatch(/ValueError: X has 2 features/);

      const params = await fetch(`${url}/execution-parameters`);
      expect(await params.json()).toEqual({
        MaxConcurrentTransforms: 4,
        BatchStrategy: 'MultiRecord',
        MaxPayloadInMB: 6,
      });

      // One connection answers request after request (HTTP/1.1 keep-alive, Content-Length framing).
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const reused: boolean[] = [];
      for (let i = 0; i < 3; i++) {
        await new Promise<void>((done, fail) => {
          const req = http.request(
            `${url}/invocations`,
            { method: 'POST', agent, headers: { 'Content-Type': 'text/csv' } },
            (res) => {
              res.resume();
              res.on('end', () => done());
            },
          );
          req.on('error', fail);
          req.end('1');
          reused.push(req.reusedSocket);
        });
      }
      agent.destroy();
      expect(reused).toEqual([false, true, true]);
    },
  );

  it("serves through the user's input_fn / predict_fn / output_fn from /opt/ml/code", async () => {
    const root = optMl({ code: { 'inference.py': 'sklearn_handlers.py' } });
    mkdirSync(join(root, 'model'));
    copyFileSync(join(trained, 'model/model.joblib'), join(root, 'model/model.joblib'));
    const { url } = await serve(images.sklearn, root, { SAGEMAKER_PROGRAM: 'inference.py' });
    const ok = await invoke(url, '1;2;3', 'application/x-semicolons', 'application/vnd.tessera+json');
    expect(ok.status, ok.text).toBe(200);
    expect(ok.type).toBe('application/vnd.tessera+json');
    expect(JSON.parse(ok.text)).toEqual({ doubled: [2, 4, 6], accept: 'application/vnd.tessera+json' });
    const refused = await invoke(url, '1;-2', 'application/x-semicolons');
    expect(refused.status).toBe(500);
    expect(refused.text).toBe('RuntimeError: negative inputs are not allowed');
  });
});

describe('tessera/sagemaker-xgboost', () => {
  let regression = '';

  it('trains on CSV with a validation channel, logging per-round metrics as SageMaker does', async () => {
    const rows = lines(linear);
    const every4th = (keep: boolean) => rows.filter((_, i) => (i % 4 === 0) === keep).join('\n') + '\n';
    regression = optMl({
      hyperparameters: {
        num_round: '30',
        max_depth: '3',
        eta: '0.3',
        objective: 'reg:squarederror',
        eval_metric: 'rmse',
      },
      inputDataConfig: { train: { ContentType: 'text/csv' }, validation: { ContentType: 'text/csv' } },
      data: { train: { 'train.csv': every4th(false) }, validation: { 'validation.csv': every4th(true) } },
    });
    const { code, logs } = await train(images.xgboost, regression);
    expect(code, logs).toBe(0);
    // A MetricDefinition written for SageMaker's XGBoost.
    const rounds = [
      ...logs.matchAll(/\[(\d+)\]#011train-rmse:([-+]?[0-9]*\.?[0-9]+)#011validation-rmse:([-+]?[0-9]*\.?[0-9]+)/g),
    ];
    expect(rounds.map((m) => Number(m[1]))).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(Number(rounds.at(-1)![2])).toBeLessThan(Number(rounds[0]![2]));
    expect(existsSync(join(regression, 'model/xgboost-model'))).toBe(true);
  });

  it(
    'trains on libsvm (the default ContentType) with validation, ' + 'early stopping and SageMaker-only metrics',
    async () => {
      const rows = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, j) => {
          const i = from + j;
          const a = Math.sin(i * 1.3) * 3;
          const b = Math.cos(i * 0.7) * 3;
          return `${a + b > 0 ? 1 : 0} 0:${a.toFixed(4)} 1:${b.toFixed(4)}`;
        }).join('\n') + '\n';
      const root = optMl({
        hyperparameters: {
          num_round: '40',
          objective: 'binary:logistic',
          eval_metric: 'auc,accuracy',
          early_stopping_rounds: '5',
          max_depth: '3',
        },
        inputDataConfig: { train: {}, validation: { ContentType: 'text/libsvm' } },
        data: { train: { 'part-0': rows(0, 200) }, validation: { 'part-0': rows(200, 260) } },
      });
      const { code, logs } = await train(images.xgboost, root);
      expect(code, logs).toBe(0);
      const last = [...logs.matchAll(/#011validation-accuracy:([0-9.]+)/g)].at(-1);
      expect(Number(last![1])).toBeGreaterThan(0.8);
      expect(logs).toMatch(
        /\[0\]#011train-auc:[0-9.]+#011train-accuracy:[0-9.]+#011validation-auc:[0-9.]+#011validation-accuracy:/,
      );
      expect(existsSync(join(root, 'model/xgboost-model'))).toBe(true);
    },
  );

  it('rejects a bad hyperparameter with a failure that names it and what is allowed', async () => {
    const root = optMl({
      hyperparameters: { num_round: '10', eta: '2' },
      inputDataConfig: { train: { ContentType: 'text/csv' } },
      data: { train: { 'train.csv': linear } },
    });
    const { code } = await train(images.xgboost, root);
    expect(code).toBe(1);
    expect(readFileSync(join(root, 'output/failure'), 'utf8')).toBe(
      "ClientError: Hyperparameter eta: value '2' is not valid; allowed: a number in [0, 1]",
    );
  });

  it('serves the model: CSV and libsvm in, CSV and JSON out, sensible predictions for y = 2x', async () => {
    const { url } = await serve(images.xgboost, regression);
    const csv = await invoke(url, '1\n2.5\n7\n', 'text/csv');
    expect(csv.status, csv.text).toBe(200);
    expect(csv.type).toBe('text/csv');
    const predictions = lines(csv.text).map(Number);
    [2, 5, 14].forEach((want, i) => expect(Math.abs(predictions[i]! - want)).toBeLessThan(0.75));
    const json = await invoke(url, '3\n', 'text/csv', 'application/json');
    const score = (JSON.parse(json.text) as { predictions: { score: number }[] }).predictions[0]!.score;
    expect(Math.abs(score - 6)).toBeLessThan(0.75);
    const libsvm = await invoke(url, '0 0:3\n', 'text/libsvm');
    expect(Number(libsvm.text)).toBeCloseTo(score, 5);
    expect((await invoke(url, '[[1]]', 'application/json')).status).toBe(415);
    expect((await invoke(url, '1,2\n', 'text/csv')).text).toBe(
      'the model takes 1 features; the request has 2 per record',
    );
  });
});

describe('tessera/sagemaker-kmeans', () => {
  const centres = [
    [0, 0],
    [10, 10],
    [0, 10],
  ];
  const points = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      centres[i % 3]!.map((c, d) => (c + Math.sin(i * 7.1 + d * 3.3) * 0.5).toFixed(4)).join(','),
    ).join('\n') + '\n';
  let root = '';

  it('trains with a test channel and logs quality metrics as SageMaker does', async () => {
    root = optMl({
      hyperparameters: {
        k: '3',
        feature_dim: '2',
        mini_batch_size: '50',
        epochs: '3',
        init_method: 'kmeans++',
        eval_metrics: '["msd","ssd"]',
        local_lloyd_max_iter: '50',
      },
      inputDataConfig: { train: { ContentType: 'text/csv;label_size=0' }, test: { ContentType: 'text/csv' } },
      data: { train: { 'train.csv': points(300) }, test: { 'test.csv': points(30) } },
    });
    const { code, logs } = await train(images.kmeans, root);
    expect(code, logs).toBe(0);
    const msd = logs.match(/#quality_metric: host=algo-1, train msd <loss>=(\S+)/);
    expect(Number(msd![1])).toBeLessThan(1);
    expect(logs).toMatch(/#quality_metric: host=algo-1, train ssd <loss>=\S+/);
    expect(logs).toMatch(/#quality_metric: host=algo-1, test msd <loss>=\S+/);
    expect(existsSync(join(root, 'model/kmeans-model.json'))).toBe(true);
  });

  it('serves closest_cluster and distance_to_cluster as JSON and CSV', async () => {
    const { url } = await serve(images.kmeans, root);
    const json = await invoke(url, '0,0\n10,10\n0.2,0.1\n', 'text/csv');
    expect(json.status, json.text).toBe(200);
    const [a, b, c] = (
      JSON.parse(json.text) as { predictions: { closest_cluster: number; distance_to_cluster: number }[] }
    ).predictions;
    expect(a!.closest_cluster).toBe(c!.closest_cluster);
    expect(a!.closest_cluster).not.toBe(b!.closest_cluster);
    expect(a!.distance_to_cluster).toBeLessThan(0.5);
    const csv = await invoke(
      url,
      JSON.stringify({ instances: [{ features: [0, 10] }] }),
      'application/json',
      'text/csv',
    );
    const [cluster, distance] = csv.text.trim().split(',').map(Number);
    expect([a!.closest_cluster, b!.closest_cluster]).not.toContain(cluster);
    expect(distance).toBeLessThan(0.5);
  });
});

describe('tessera/sagemaker-linear-learner', () => {
  it(
    'trains a binary classifier (threshold chosen on validation, ' +
      'metrics logged) and serves score and predicted_label',
    async () => {
      const labelled = (from: number, to: number) =>
        Array.from({ length: to - from }, (_, j) => {
          const x = (from + j) / 4;
          return `${x > 5 ? 1 : 0},${x}`;
        }).join('\n') + '\n';
      const root = optMl({
        hyperparameters: {
          predictor_type: 'binary_classifier',
          feature_dim: '1',
          binary_classifier_model_selection_criteria: 'f_beta',
          epochs: '5',
          mini_batch_size: '10',
        },
        inputDataConfig: { train: { ContentType: 'text/csv' }, validation: { ContentType: 'text/csv' } },
        data: { train: { 'train.csv': labelled(0, 40) }, validation: { 'validation.csv': labelled(1, 40) } },
      });
      const { code, logs } = await train(images.linear, root);
      expect(code, logs).toBe(0);
      expect(
        Number(logs.match(/#quality_metric: host=algo-1, validation binary_classification_accuracy <score>=(\S+)/)![1]),
      ).toBeGreaterThan(0.9);
      const { url } = await serve(images.linear, root);
      const res = await invoke(
        url,
        JSON.stringify({ instances: [{ features: [1] }, { features: [9] }] }),
        'application/json',
      );
      expect(res.status, res.text).toBe(200);
      const [low, high] = (JSON.parse(res.text) as { predictions: { score: number; predicted_label: number }[] })
        .predictions;
      expect([low!.predicted_label, high!.predicted_label]).toEqual([0, 1]);
      expect(low!.score).toBeLessThan(0.5);
      expect(high!.score).toBeGreaterThan(0.5);
    },
  );
});

describe('host mode (the process backend): python3 -m tessera_sagemaker with TESSERA_OPT_ML', () => {
  const host = (root: string, container: string, extra: Record<string, string> = {}) => ({
    env: {
      PATH: process.env.PATH!,
      PYTHONPATH: join(repo, 'docker/sagemaker/src'),
      PYTHONDONTWRITEBYTECODE: '1',
      TESSERA_OPT_ML: root,
      TESSERA_CONTAINER: container,
      TRAINING_JOB_NAME: 'host-job',
      ...extra,
    },
  });

  it('runs the same script-mode training, with every SM_* path under TESSERA_OPT_ML', async () => {
    const root = optMl({
      hyperparameters: sdkHyperparameters,
      data: { train: { 'data.csv': linear } },
      code: { 'train.py': 'sklearn_train.py' },
    });
    await run('/usr/bin/python3', ['-m', 'tessera_sagemaker', 'train'], host(root, 'sklearn'));
    expect(existsSync(join(root, 'model/model.joblib'))).toBe(true);
    const { argv, env } = JSON.parse(readFileSync(join(root, 'output/data/seen.json'), 'utf8')) as {
      argv: string[];
      env: Record<string, string>;
    };
    expect(argv).toEqual(['--alpha', '0.5', '--flag', 'True', '--tag', 'hello world']);
    expect(env).toMatchObject({
      SM_MODEL_DIR: join(root, 'model'),
      SM_CHANNEL_TRAIN: join(root, 'input/data/train'),
      SM_OUTPUT_DATA_DIR: join(root, 'output/data'),
      TRAINING_JOB_NAME: 'host-job',
    });
  });

  it(
    'trains XGBoost in script mode and serves the model the ' +
      'script saved (my-model.json) with the built-in handlers',
    async () => {
      const root = optMl({
        hyperparameters: { sagemaker_program: '"train.py"', num_round: '25' },
        data: { train: { 'train.csv': linear } },
        code: { 'train.py': 'xgboost_script.py' },
      });
      const trained = await run('/usr/bin/python3', ['-m', 'tessera_sagemaker', 'train'], host(root, 'xgboost'));
      expect(trained.stdout).toContain('saved my-model.json');
      const port = await freePort();
      const server = execFile(
        '/usr/bin/python3',
        ['-m', 'tessera_sagemaker', 'serve'],
        host(root, 'xgboost', { SAGEMAKER_BIND_TO_PORT: String(port), TESSERA_BIND_HOST: '127.0.0.1' }),
      );
      try {
        const url = `http://127.0.0.1:${port}`;
        await waitFor(
          async () => ((await fetch(`${url}/ping`).catch(() => null))?.status === 200 ? true : undefined),
          'host-mode /ping',
          20_000,
          100,
        );
        const res = await invoke(url, '4\n', 'text/csv');
        expect(Math.abs(Number(res.text) - 8)).toBeLessThan(0.75);
      } finally {
        server.kill('SIGTERM');
      }
    },
  );
});

it('the package passes its Python unit tests', async () => {
  const { stderr } = await run(
    '/usr/bin/python3',
    ['-m', 'unittest', 'discover', '-s', join(repo, 'docker/sagemaker/tests')],
    {
      env: { PATH: process.env.PATH!, PYTHONPATH: join(repo, 'docker/sagemaker/src'), PYTHONDONTWRITEBYTECODE: '1' },
    },
  );
  expect(stderr).toMatch(/Ran \d+ tests[\s\S]*\nOK\n?$/);
});

it('the Clarify image passes the tests that need its shap (run inside it)', async () => {
  const { stderr } = await run(
    '/usr/bin/docker',
    [
      'run',
      '--rm',
      '--label',
      `tessera.test=${label['tessera.test']}`,
      '--network',
      'none',
      'tessera/sagemaker-clarify:latest',
      'python3',
      '-m',
      'unittest',
      'discover',
      '-s',
      '/opt/tessera/clarify-tests',
    ],
    { timeout: 180_000 },
  );
  expect(stderr).toMatch(/Ran \d+ tests[\s\S]*\nOK\n?$/);
}, 200_000);
