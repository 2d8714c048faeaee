// Shared by the hostile-tenant suites: what counts as a leak (the server's key, environment and
// database; another user's files and objects), canaries planted where an attacker must not reach,
// shell-script training and processing jobs as an ordinary user would submit them, hand-made tar
// archives (node-tar refuses to write the entries an attacker would), the Docker engine's view of
// the containers, and the host's free disk space.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateModelCommand,
  DescribeEndpointCommand,
  ListDomainsCommand,
  type CreateProcessingJobCommandInput,
  type CreateTrainingJobCommandInput,
  type DescribeEndpointCommandOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import Docker from 'dockerode';
import { afterAll } from 'vitest';
import * as tar from 'tar';
import { homeDirOf, uniqueName, type Harness } from './harness.ts';
import { ROLE, SKLEARN_IMAGE, sourceDir, workUser, type WorkUser } from './work-fixture.ts';

export const docker = new Docker({ socketPath: '/var/run/docker.sock' });
export const TRAINING_LOGS = '/aws/sagemaker/TrainingJobs';
export const PROCESSING_LOGS = '/aws/sagemaker/ProcessingJobs';
export const GiB = 2 ** 30;
/** The local image SKLEARN_IMAGE resolves to (what the attacker's containers run). */
const SKLEARN_LOCAL_IMAGE = 'tessera/sagemaker-scikit-learn:latest';

/**
 * An environment variable only the server process has: if its value shows up anywhere an attacker
 * can read, the server's environment leaked (the suites pass it to useHarness).
 */
export const SERVER_ENV_CANARY = `hostile-env-${randomBytes(12).toString('hex')}`;
export const serverEnv = { HOSTILE_SERVER_ENV_CANARY: SERVER_ENV_CANARY };

export const marker = (what: string) => `HOSTILE-${what}-${randomBytes(10).toString('hex')}`;

/** Everything that must never leave the server or the victim's tenancy. */
export interface Secrets {
  dataDir: string;
  /** secret.key as stored (base64 of 32 bytes) and decoded. */
  key: string;
  keyBytes: Buffer;
  /** NAME=value pairs of the server's own environment (not the container's), and secret values. */
  envPairs: string[];
  /** Random strings planted in the victim's bucket and home. */
  canaries: string[];
}

export async function serverSecrets(h: Harness, canaries: string[] = []): Promise<Secrets> {
  const key = readFileSync(join(h.server.dataDir, 'secret.key'), 'utf8').trim();
  const environ = readFileSync(`/proc/${h.server.process.pid}/environ`, 'utf8').split('\0').filter(Boolean);
  // Every NAME=value of the server's environment that a container could not print from its own:
  // entries the image sets identically (LANG=C.UTF-8, ...) and very short ones prove nothing.
  const image = await docker
    .getImage(SKLEARN_LOCAL_IMAGE)
    .inspect()
    .catch(() => undefined);
  const own = new Set(image?.Config.Env ?? []);
  const envPairs = environ.filter((e) => e.length >= 12 && !own.has(e) && !/^(SHLVL|TERM|_)=/.test(e));
  const adminPassword = environ.find((e) => e.startsWith('TESSERA_ADMIN_PASSWORD='))?.split('=')[1];
  return {
    dataDir: h.server.dataDir,
    key,
    keyBytes: Buffer.from(key, 'base64'),
    envPairs: [...envPairs, SERVER_ENV_CANARY, ...(adminPassword ? [adminPassword] : [])],
    canaries,
  };
}

/** What of `secrets` appears in `haystack` (text or bytes); [] when nothing leaked. */
export function leaksIn(haystack: string | Buffer | undefined | null, s: Secrets): string[] {
  if (haystack === undefined || haystack === null) return [];
  const buf = Buffer.isBuffer(haystack) ? haystack : Buffer.from(haystack, 'utf8');
  const found: string[] = [];
  if (buf.includes(s.key)) found.push('secret.key (base64)');
  if (buf.includes(s.keyBytes)) found.push('secret.key (raw bytes)');
  if (buf.includes('SQLite format 3')) found.push('the SQLite database header');
  const env = s.envPairs.filter((e) => buf.includes(e)).map((e) => e.split('=')[0]);
  if (env.length)
    found.push(`server environment: ${env.slice(0, 8).join(', ')}${env.length > 8 ? ` (+${env.length - 8})` : ''}`);
  for (const c of s.canaries) if (buf.includes(c)) found.push(`victim canary ${c}`);
  return [...new Set(found)];
}

/**
 * For whoever debugs a run: HOSTILE_SERVER_LOG=<file> keeps the server's output there (the
 * harness removes the data directory, and with it everything else, after the file).
 */
export function keepServerLog(h: Harness, suite: string) {
  afterAll(() => {
    const file = process.env.HOSTILE_SERVER_LOG;
    if (file && h.server) writeFileSync(`${file}.${suite}`, h.server.output.join('\n'));
  });
}

// ───────── users ─────────

/**
 * An ordinary user with a bucket (workUser) who also owns a Studio profile, so they have a home
 * directory on this host. Canaries go into both; the home file is written straight to the host
 * path (what the victim's notebook would write there).
 */
export async function victimUser(h: Harness, domainId: string) {
  const u = await workUser(h);
  const profile = uniqueName('victim');
  const created = await h.session.rest('POST', `/api/v1/domains/${domainId}/user-profiles`, {
    UserProfileName: profile,
    OwnerUsername: u.username,
  });
  if (created.status !== 200) throw new Error(JSON.stringify(created.body));
  const home = await homeDirOf(h, domainId, profile);
  await waitFor(async () => (existsSync(home) ? true : undefined), `home of ${profile}`, 30_000, 100);
  const bucketCanary = marker('victim-bucket');
  const homeCanary = marker('victim-home');
  await u.s3.send(new PutObjectCommand({ Bucket: u.bucket, Key: 'private/canary.txt', Body: bucketCanary }));
  writeFileSync(join(home, 'canary.txt'), homeCanary);
  return { ...u, profile, domainId, home, canaries: [bucketCanary, homeCanary] };
}
export type Victim = Awaited<ReturnType<typeof victimUser>>;

// ───────── jobs ─────────

// ContainerEntrypoint members are at most 256 characters, so the attacker's script travels the
// way any user's data does: an object in their bucket, staged as an input channel, run by bash.

/** A training job whose container runs `script` under bash as the attacker wrote it. */
export async function shellTraining(
  u: WorkUser,
  name: string,
  script: string,
  extra: Partial<CreateTrainingJobCommandInput> = {},
): Promise<CreateTrainingJobCommandInput> {
  const uri = await u.put(`hostile-scripts/${name}/run.sh`, script);
  return {
    TrainingJobName: name,
    RoleArn: ROLE,
    AlgorithmSpecification: {
      TrainingImage: SKLEARN_IMAGE,
      TrainingInputMode: 'File',
      ContainerEntrypoint: ['bash', '/opt/ml/input/data/hostile/run.sh'],
    },
    InputDataConfig: [{ ChannelName: 'hostile', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: uri } } }],
    OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/hostile` },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
    StoppingCondition: { MaxRuntimeInSeconds: 300 },
    ...extra,
  };
}

/** A processing job whose container runs `script` under bash, with the given outputs. */
export async function shellProcessing(
  u: WorkUser,
  name: string,
  script: string,
  outputs: { name: string; localPath: string }[] = [],
): Promise<CreateProcessingJobCommandInput> {
  const uri = await u.put(`hostile-scripts/${name}/run.sh`, script);
  return {
    ProcessingJobName: name,
    RoleArn: ROLE,
    AppSpecification: {
      ImageUri: SKLEARN_IMAGE,
      ContainerEntrypoint: ['bash', '/opt/ml/processing/input/hostile/run.sh'],
    },
    ProcessingInputs: [
      {
        InputName: 'hostile',
        S3Input: {
          S3Uri: uri,
          LocalPath: '/opt/ml/processing/input/hostile',
          S3DataType: 'S3Prefix',
          S3InputMode: 'File',
        },
      },
    ],
    ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 } },
    ...(outputs.length
      ? {
          ProcessingOutputConfig: {
            Outputs: outputs.map((o) => ({
              OutputName: o.name,
              S3Output: {
                S3Uri: `s3://${u.bucket}/hostile/${name}/${o.name}`,
                LocalPath: o.localPath,
                S3UploadMode: 'EndOfJob' as const,
              },
            })),
          },
        }
      : {}),
    StoppingCondition: { MaxRuntimeInSeconds: 300 },
  };
}

/** Every line printed to a log group's streams under `streamPrefix`, as their owner reads them. */
export async function logLines(u: WorkUser, group: string, streamPrefix = ''): Promise<string> {
  const streams = await u.logs.send(
    new DescribeLogStreamsCommand({
      logGroupName: group,
      ...(streamPrefix ? { logStreamNamePrefix: streamPrefix } : {}),
    }),
  );
  const lines: string[] = [];
  for (const s of streams.logStreams ?? []) {
    let token: string | undefined;
    for (let page = 0; page < 100; page++) {
      const ev = await u.logs.send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: s.logStreamName!,
          startFromHead: true,
          ...(token ? { nextToken: token } : {}),
        }),
      );
      lines.push(...(ev.events ?? []).map((e) => e.message ?? ''));
      if (!ev.nextForwardToken || ev.nextForwardToken === token || !(ev.events ?? []).length) break;
      token = ev.nextForwardToken;
    }
  }
  return lines.join('\n');
}

/** Every line a job printed, through the CloudWatch Logs API as its owner reads it. */
export const jobLogs = (u: WorkUser, group: string, jobName: string) => logLines(u, group, `${jobName}/`);

/** The JSON a probe printed after `tag` in the job's logs. */
export function tagged<T = Record<string, unknown>>(logs: string, tag: string): T | undefined {
  const line = logs
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(`${tag} `));
  return line ? (JSON.parse(line.slice(tag.length + 1)) as T) : undefined;
}

export async function endpointStatus(
  sm: SageMakerClient,
  name: string,
  want: string[],
  timeoutMs = 180_000,
): Promise<DescribeEndpointCommandOutput> {
  return waitFor(
    async () => {
      const d = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
      return want.includes(d.EndpointStatus!) ? d : undefined;
    },
    `endpoint ${name} ${want.join('/')}`,
    timeoutMs,
    250,
  );
}

// A model that multiplies its input by a weight read from its model directory, so an answer says
// whose model computed it (as in endpoints.int.test.ts).
export const INFERENCE = `
import os
def model_fn(model_dir):
    return float(open(os.path.join(model_dir, 'w.txt')).read())
def input_fn(body, content_type):
    text = body.decode() if isinstance(body, bytes) else body
    return [float(v) for v in text.split(',')]
def predict_fn(data, w):
    return [x * w for x in data]
def output_fn(prediction, accept):
    return ','.join(str(p) for p in prediction), 'text/csv'
`;

export async function weightModel(u: WorkUser, w: number, files: Record<string, string> = {}): Promise<string> {
  const name = uniqueName(`m${w}`);
  const data = await u.put(
    `models/${name}/model.tar.gz`,
    await sourceDir({ 'w.txt': String(w), 'code/inference.py': INFERENCE, ...files }),
  );
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
  return name;
}

// ───────── objects and archives ─────────

export async function listKeys(u: WorkUser, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const r = await u.s3.send(new ListObjectsV2Command({ Bucket: u.bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(r.Contents ?? []).map((o) => o.Key!));
    token = r.NextContinuationToken;
  } while (token);
  return keys;
}

export async function getObject(u: WorkUser, key: string): Promise<Buffer> {
  const r = await u.s3.send(new GetObjectCommand({ Bucket: u.bucket, Key: key }));
  return Buffer.from(await r.Body!.transformToByteArray());
}

export interface TarEntry {
  path: string;
  type: string;
  linkpath?: string;
  size: number;
}

/** A .tar.gz's entries (path, type, link target) and all of its file contents concatenated. */
export async function readTarGz(buf: Buffer): Promise<{ entries: TarEntry[]; content: Buffer }> {
  const entries: TarEntry[] = [];
  const chunks: Buffer[] = [];
  const parser = new tar.Parser({
    onReadEntry: (e) => {
      entries.push({ path: e.path, type: e.type, ...(e.linkpath ? { linkpath: e.linkpath } : {}), size: e.size ?? 0 });
      e.on('data', (c: Buffer) => chunks.push(Buffer.from(c)));
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(buf);
  });
  return { entries, content: Buffer.concat(chunks) };
}

/** Names of the data directory's own files: none may appear in a tenant's archive or prefix. */
export const SERVER_FILES = /(^|\/)(secret\.key|tessera\.db(-wal|-shm|-journal)?)$|(^|\/)(objects|home|work)\//;

// A minimal ustar writer: node-tar's packer normalises paths, and an attacker's archive is made
// with whatever tool they like, so the hostile entries are written header by header.
type TarType = 'file' | 'dir' | 'symlink' | 'hardlink';
export interface RawEntry {
  name: string;
  type?: TarType;
  body?: string | Buffer;
  linkname?: string;
  /** Declared size of a file of zeros, streamed without holding it in memory. */
  zeros?: number;
}

function octal(b: Buffer, offset: number, length: number, value: number) {
  b.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'ascii');
}

export function ustarHeader(e: RawEntry, size: number): Buffer {
  const b = Buffer.alloc(512);
  const name = Buffer.from(e.name);
  if (name.length > 100) {
    // Split into prefix (155) and name (100) at a slash, as ustar allows.
    const cut = e.name.lastIndexOf('/', 155);
    if (cut < 0 || Buffer.byteLength(e.name.slice(cut + 1)) > 100)
      throw new Error(`name too long for ustar: ${e.name}`);
    b.write(e.name.slice(cut + 1), 0, 100);
    b.write(e.name.slice(0, cut), 345, 155);
  } else b.write(e.name, 0, 100);
  const type = e.type ?? 'file';
  octal(b, 100, 8, type === 'dir' ? 0o755 : 0o644);
  octal(b, 108, 8, 0);
  octal(b, 116, 8, 0);
  octal(b, 124, 12, type === 'file' ? size : 0);
  octal(b, 136, 12, Math.floor(Date.now() / 1000));
  b.write('        ', 148, 8, 'ascii');
  b.write({ file: '0', hardlink: '1', symlink: '2', dir: '5' }[type], 156, 1, 'ascii');
  if (e.linkname) b.write(e.linkname, 157, 100);
  b.write('ustar\0', 257, 6, 'ascii');
  b.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return b;
}

/** A gzipped tar of exactly these entries, `zeros` entries streamed (gzip level 1: fast). */
export async function hostileTarGz(entries: RawEntry[]): Promise<Buffer> {
  const gz = createGzip({ level: 1 });
  const out: Buffer[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    gz.on('end', resolve);
    gz.on('error', reject);
  });
  const write = (b: Buffer) =>
    gz.write(b) ? Promise.resolve() : new Promise<void>((r) => gz.once('drain', () => r()));
  const zeros = Buffer.alloc(1 << 20);
  for (const e of entries) {
    const body = e.body === undefined ? undefined : Buffer.isBuffer(e.body) ? e.body : Buffer.from(e.body);
    const size = e.zeros ?? body?.length ?? 0;
    await write(ustarHeader(e, size));
    if (e.zeros) {
      for (let left = e.zeros; left > 0; left -= zeros.length)
        await write(left >= zeros.length ? zeros : zeros.subarray(0, left));
    } else if (body) await write(body);
    if ((e.type ?? 'file') === 'file' && size % 512) await write(Buffer.alloc(512 - (size % 512)));
  }
  await write(Buffer.alloc(1024));
  gz.end();
  await done;
  return Buffer.concat(out);
}

// ───────── the host ─────────

/**
 * What the server's data directory holds on the host's disk (`du -sx`: the volumes' image files
 * count, what is mounted from them does not, so nothing is counted twice). Other test files write
 * gigabytes on the same disk at the same time: the host's free space says nothing about this one.
 */
export function footprint(dataDir: string): number {
  const out = execFileSync('du', ['-sx', '--block-size=1', dataDir], { encoding: 'utf8' });
  return Number(out.split(/\s/)[0]);
}

/** Samples the data directory's footprint until stopped: its largest growth is what a job consumed. */
export function watchDisk(dataDir: string, everyMs = 200) {
  const start = footprint(dataDir);
  let highest = start;
  const timer = setInterval(() => {
    highest = Math.max(highest, footprint(dataDir));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      highest = Math.max(highest, footprint(dataDir));
      return { start, highest, maxGrowth: highest - start };
    },
  };
}

/**
 * Times the server's answers while something hostile runs: `probe` every `everyMs` until
 * stopped; each answer's latency (a request still unanswered counts as the time it has waited).
 */
export function watchLatency(probe: () => Promise<unknown>, everyMs = 250) {
  const latencies: number[] = [];
  const errors: string[] = [];
  let stopped = false;
  let inflight: { since: number } | undefined;
  const loop = (async () => {
    while (!stopped) {
      const since = Date.now();
      inflight = { since };
      try {
        await probe();
      } catch (err) {
        errors.push((err as Error).message);
      }
      inflight = undefined;
      latencies.push(Date.now() - since);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop(graceMs = 5_000) {
      stopped = true;
      const pending = inflight ? Date.now() - inflight.since : 0;
      await Promise.race([loop, new Promise((r) => setTimeout(r, graceMs))]);
      const worst = Math.max(0, pending, ...latencies);
      return { samples: latencies.length, worst, errors };
    },
  };
}

export const listDomains = (sm: SageMakerClient) => sm.send(new ListDomainsCommand({}));

/** GET /healthz answered within `ms`: the event loop is alive. */
export async function answersWithin(url: string, ms: number): Promise<boolean> {
  try {
    const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(ms) });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
}

/** This host's primary IPv4 address (not loopback, not a Docker bridge). */
export function hostPrimaryIp(): string | undefined {
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    if (/^(lo|docker|br-|veth)/.test(name)) continue;
    const v4 = addrs?.find((a) => a.family === 'IPv4' && !a.internal);
    if (v4) return v4.address;
  }
  return undefined;
}

/**
 * A TCP listener on every address of this host, on a random port: a container that reaches it
 * reached the host. Records the peers that connected.
 */
export async function hostListener() {
  const peers: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    peers.push(s.remoteAddress ?? '?');
    sockets.add(s);
    s.on('error', () => undefined); // a scanner resets its connections
    s.on('close', () => sockets.delete(s));
    s.end('HOSTILE-HOST-LISTENER\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    peers,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ───────── Docker ─────────

export interface ContainerView {
  id: string;
  name: string;
  ip: string | undefined;
  networks: string[];
  mounts: string[];
  labels: Record<string, string>;
  env: string[];
}

/** Tessera's running containers as the engine sees them (labels, addresses, bind-mount sources). */
export async function tesseraContainers(): Promise<ContainerView[]> {
  const rows = await docker.listContainers({ filters: { label: ['tessera.managed=true'] } });
  const out: ContainerView[] = [];
  for (const r of rows) {
    const info = await docker
      .getContainer(r.Id)
      .inspect()
      .catch(() => undefined);
    if (!info) continue;
    const nets = info.NetworkSettings.Networks ?? {};
    out.push({
      id: r.Id,
      name: info.Name.replace(/^\//, ''),
      ip: Object.values(nets)
        .map((n) => n.IPAddress)
        .find(Boolean),
      networks: Object.keys(nets),
      mounts: (info.Mounts ?? []).map((m) => m.Source ?? ''),
      labels: info.Config.Labels ?? {},
      env: info.Config.Env ?? [],
    });
  }
  return out;
}

/** The container of a running job (by the name in its environment). */
export async function jobContainer(
  envName: 'TRAINING_JOB_NAME' | 'PROCESSING_JOB_NAME',
  jobName: string,
  timeoutMs = 60_000,
) {
  return waitFor(
    async () => (await tesseraContainers()).find((c) => c.env.includes(`${envName}=${jobName}`)),
    `container of ${jobName}`,
    timeoutMs,
    200,
  );
}

/** Containers of an endpoint's instances. */
export async function endpointContainers(endpoint: string): Promise<ContainerView[]> {
  return (await tesseraContainers()).filter(
    (c) => c.labels['tessera.work-kind'] === 'Endpoint' && c.labels['tessera.work-resource'] === endpoint,
  );
}

// ───────── what runs inside the containers ─────────

/**
 * Python (stdlib only) that an attacker runs in a container or kernel: what it can reach on its
 * network, who it is, and what it may do. Prints one `HOSTILE-PROBE {json}` line.
 *
 * Scope, kept to this machine on purpose: the container's own /24 (on Docker's bridge, which
 * never leaves this host), its gateway and the host's own addresses, and only the ports named.
 * 169.254.169.254 is NOT contacted: on a cloud machine it is the provider's metadata service, not
 * a test host. The probe tries 169.254.0.1 (link-local, where nothing of anyone's listens) instead,
 * so that a host firewall that drops link-local traffic can be seen to drop it.
 */
export function probeScript(cfg: {
  victims: string[];
  hostIp?: string;
  hostPorts: number[];
  scanPorts: number[];
  gatewayPorts: number[];
}): string {
  return String.raw`
import json, os, socket, struct, concurrent.futures as cf, http.client
cfg = json.loads(${JSON.stringify(JSON.stringify(cfg))})
def hexip(h): return socket.inet_ntoa(struct.pack('<L', int(h, 16)))
routes = []
for line in open('/proc/net/route').read().splitlines()[1:]:
    f = line.split()
    routes.append({'iface': f[0], 'dest': hexip(f[1]), 'gw': hexip(f[2]), 'mask': hexip(f[7])})
def ipint(a): return struct.unpack('!L', socket.inet_aton(a))[0]
def covers(r, ip): return (ipint(ip) & ipint(r['mask'])) == (ipint(r['dest']) & ipint(r['mask']))
gateway = next((r['gw'] for r in routes if r['dest'] == '0.0.0.0'), None)
own = None
try:
    # connect() on UDP only picks the source address: no packet is sent.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.connect((gateway or '10.255.255.1', 9))
    own = s.getsockname()[0]; s.close()
except Exception:
    pass
def can(host, port, t=0.4):
    try:
        c = socket.create_connection((host, port), timeout=t); c.close(); return True
    except Exception:
        return False
targets = []
# Only the on-link /24 of the container's own address: Docker's bridge, inside this machine.
if own and any(r['gw'] == '0.0.0.0' and r['dest'] != '0.0.0.0' and covers(r, own) for r in routes):
    base = own.rsplit('.', 1)[0]
    targets += [(f'{base}.{i}', p) for i in range(1, 255) if f'{base}.{i}' != own for p in cfg['scanPorts']]
if gateway:
    targets += [(gateway, p) for p in cfg['gatewayPorts'] + cfg['hostPorts']]
if cfg.get('hostIp'):
    targets += [(cfg['hostIp'], p) for p in cfg['gatewayPorts'] + cfg['hostPorts']]
targets += [(v, p) for v in cfg['victims'] for p in (8080, 8888)]
targets = sorted(set(targets))
with cf.ThreadPoolExecutor(64) as ex:
    open_ = [f'{h}:{p}' for (h, p), ok in zip(targets, ex.map(lambda t: can(*t), targets)) if ok]
def request(host, port, method, path, body=None):
    try:
        c = http.client.HTTPConnection(host, port, timeout=3)
        c.request(method, path, body=body, headers={'Content-Type': 'text/csv'} if body else {})
        r = c.getresponse(); return {'status': r.status, 'body': r.read(200).decode('utf8', 'replace')}
    except Exception as e:
        return {'error': type(e).__name__ + ': ' + str(e)}
victims = {v: {'invocations': request(v, 8080, 'POST', '/invocations', '1.5'),
               'jupyter': request(v, 8888, 'GET', '/api/kernels')} for v in cfg['victims']}
status = dict(l.split(':', 1) for l in open('/proc/self/status').read().splitlines() if ':' in l)
capeff = int(status['CapEff'].strip(), 16)
md = '169.254.169.254'
link_local = can('169.254.0.1', 80, 1.5)
print('HOSTILE-PROBE ' + json.dumps({
    'linkLocalConnected': link_local,
    'own': own, 'gateway': gateway, 'scanned': len(targets), 'open': open_, 'victims': victims,
    'metadataRoutes': [r for r in routes if covers(r, md)],
    'uid': os.getuid(), 'capNetRaw': bool(capeff & (1 << 13)), 'capSysAdmin': bool(capeff & (1 << 21)),
    'capEff': status['CapEff'].strip(), 'noNewPrivs': status.get('NoNewPrivs', '?').strip(),
}), flush=True)
`;
}

export interface ProbeResult {
  own: string | null;
  gateway: string | null;
  scanned: number;
  open: string[];
  victims: Record<
    string,
    { invocations: { status?: number; body?: string; error?: string }; jupyter: { status?: number; error?: string } }
  >;
  metadataRoutes: { iface: string; dest: string; gw: string; mask: string }[];
  linkLocalConnected: boolean;
  uid: number;
  capNetRaw: boolean;
  capSysAdmin: boolean;
  capEff: string;
  noNewPrivs: string;
}

export { workUser, type WorkUser };
