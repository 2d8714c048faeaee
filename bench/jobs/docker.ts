// The containers Tessera started, found from the outside with the docker CLI by the labels the
// docker work backend puts on them (tessera.work-kind) and the environment it gives them, so the
// bench can reach a serving container without Tessera and read the engine's own start times.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface Inspected {
  Id: string;
  Config: { Env: string[]; Labels: Record<string, string> };
  State: { Status: string; StartedAt: string; FinishedAt: string };
  NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
}

export async function dockerAnswers(): Promise<boolean> {
  try {
    await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

async function inspectAll(kind: string): Promise<Inspected[]> {
  const { stdout } = await run('docker', ['ps', '-aq', '--no-trunc', '--filter', `label=tessera.work-kind=${kind}`], {
    timeout: 10_000,
  });
  const ids = stdout.split('\n').filter(Boolean);
  if (!ids.length) return [];
  // A container can go between `ps` and `inspect` (a job cleaned up): inspect one by one.
  const out: Inspected[] = [];
  for (const id of ids) {
    try {
      const { stdout: json } = await run('docker', ['inspect', id], { timeout: 10_000 });
      out.push(...(JSON.parse(json) as Inspected[]));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const hasEnv = (c: Inspected, kv: string) => c.Config.Env.includes(kv);

/**
 * The running serving container(s) of an endpoint, as URLs of their 8080 at their address on the
 * endpoint's network (nothing is published on the host), which is where Tessera reaches them too.
 */
export async function endpointContainerUrls(endpoint: string): Promise<string[]> {
  const found = (await inspectAll('Endpoint')).filter(
    (c) => c.State.Status === 'running' && hasEnv(c, `SAGEMAKER_ENDPOINT_NAME=${endpoint}`),
  );
  return found.map((c) => {
    const ip = Object.values(c.NetworkSettings.Networks ?? {})[0]?.IPAddress;
    if (!ip) throw new Error(`container ${c.Id} has no address on a network`);
    return `http://${ip}:8080`;
  });
}

/** When the engine started a training job's algo-1 container (epoch ms), while it still exists. */
export async function trainingContainerStartedAt(job: string): Promise<number | undefined> {
  const c = (await inspectAll('TrainingJob')).find(
    (x) => hasEnv(x, `TRAINING_JOB_NAME=${job}`) && x.Config.Labels['tessera.work-host'] === 'algo-1',
  );
  if (!c || c.State.StartedAt.startsWith('0001')) return undefined;
  return preciseMs(c.State.StartedAt);
}

/** RFC 3339 with nanoseconds → epoch ms with the sub-millisecond part kept. */
function preciseMs(iso: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!m) return Date.parse(iso);
  return Date.parse(`${m[1]}${m[3]}`) + Number(m[2] ?? 0) * 1000;
}
