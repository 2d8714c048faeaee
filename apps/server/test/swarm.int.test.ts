// Tessera on a Docker Swarm cluster built for real on this machine (scripts/swarm-cluster.sh):
// first the cluster itself — three Docker Engines joined as a swarm, an overlay network that
// crosses nodes, jobs that report their exit codes, a registry every node pulls from by digest,
// shared storage every node mounts, reasons for work no node can take, and drain; the host's own
// engine is left out of it — then Tessera's swarm runtime running SageMaker work on it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { adminClients, startServer, waitFor, type RunningServer } from '@tessera/test-support';
import { swarmCluster, tasksOf, type Cluster } from './swarm-fixture.ts';
import { useCleanups, uniqueName, type Harness } from './harness.ts';
import { ROLE, tarEntries, trainingEnds, workUser } from './work-fixture.ts';

let c: Cluster;
beforeAll(async () => {
  c = await swarmCluster();
}, 240_000);
afterAll(async () => {
  await c?.down();
}, 60_000);

const id = () => Math.random().toString(36).slice(2, 8);

async function job(name: string, spec: { node: string; cmd: string; network?: string; shared?: boolean }) {
  await c.manager.createService({
    Name: name,
    Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
    TaskTemplate: {
      ContainerSpec: {
        Image: c.image,
        Command: ['bash', '-c', spec.cmd],
        Init: true,
        ...(spec.shared ? { Mounts: [{ Type: 'bind', Source: c.shared, Target: '/shared' }] } : {}),
      },
      RestartPolicy: { Condition: 'none' },
      Placement: { Constraints: [`node.hostname==${spec.node}`] },
      ...(spec.network ? { Networks: [{ Target: spec.network }] } : {}),
    },
  } as never);
  return waitFor(
    async () => {
      const [t] = await tasksOf(c.manager, name);
      return t && ['complete', 'failed', 'rejected'].includes(t.Status.State) ? t : undefined;
    },
    `job ${name} ends`,
    60_000,
    200,
  );
}

const nodeIds = async () =>
  Object.fromEntries(
    ((await c.manager.listNodes()) as { ID: string; Description: { Hostname: string } }[]).map((n) => [
      n.Description.Hostname,
      n.ID,
    ]),
  );

describe('the swarm test cluster', { timeout: 120_000 }, () => {
  it('is a manager and two workers, each its own engine, and the host engine is in no swarm', async () => {
    const nodes = (await c.manager.listNodes()) as {
      Description: { Hostname: string };
      Spec: { Role: string; Labels: Record<string, string> };
      Status: { State: string };
    }[];
    expect(nodes.map((n) => [n.Description.Hostname, n.Spec.Role, n.Status.State]).sort()).toEqual([
      ['mgr', 'manager', 'ready'],
      ['w1', 'worker', 'ready'],
      ['w2', 'worker', 'ready'],
    ]);
    expect(nodes.find((n) => n.Description.Hostname === 'w2')!.Spec.Labels['tessera.role']).toBe('gpu');
    const hostInfo = JSON.parse(execFileSync('docker', ['info', '--format', '{{json .Swarm}}']).toString());
    expect(hostInfo.LocalNodeState).toBe('inactive');
    expect(existsSync('/sys/class/net/docker0')).toBe(true);
  });

  it('runs a job on the node it names, pulled by digest from the registry, and reports its exit code', async () => {
    expect(c.image).toMatch(/^[\d.]+:\d+\/tessera\/base@sha256:[0-9a-f]{64}$/);
    const t = await job(`exit-${id()}`, { node: 'w1', cmd: 'exit 3' });
    expect(t.Status.State).toBe('failed');
    expect(t.Status.ContainerStatus?.ExitCode).toBe(3);
    expect(t.Status.Err).toMatch(/non-zero exit \(3\)/);
    expect(t.NodeID).toBe((await nodeIds()).w1);
  });

  it('carries an overlay network across nodes: a job on w2 talks to a service on w1 by its hostname', async () => {
    const net = `net-${id()}`;
    await c.manager.createNetwork({ Name: net, Driver: 'overlay', Attachable: true });
    const server =
      'use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die; ' +
      'while (my $c = $s->accept) { print $c "hello from " . `hostname`; close $c }';
    const srv = `srv-${id()}`;
    await c.manager.createService({
      Name: srv,
      TaskTemplate: {
        ContainerSpec: { Image: c.image, Command: ['perl', '-e', server], Hostname: 'peer-1', Init: true },
        Placement: { Constraints: ['node.hostname==w1'] },
        Networks: [{ Target: net }],
      },
      // No IPVS in this kernel: names resolve to the tasks themselves, not to a virtual IP.
      EndpointSpec: { Mode: 'dnsrr' },
    } as never);
    const file = `reply-${id()}`;
    const t = await job(`client-${id()}`, {
      node: 'w2',
      network: net,
      shared: true,
      cmd:
        'for i in $(seq 200); do exec 3<>/dev/tcp/peer-1/8080 && break; sleep 0.2; done 2>/dev/null; ' +
        `cat <&3 > /shared/${file}`,
    });
    expect(t.Status.State).toBe('complete');
    expect(readFileSync(`${c.exported}/${file}`, 'utf8')).toBe('hello from peer-1\n');
  });

  it('shares storage between nodes: what a job on w1 writes, a job on w2 reads', async () => {
    const file = `data-${id()}`;
    expect(
      (await job(`write-${id()}`, { node: 'w1', shared: true, cmd: `seq 1 1000 > /shared/${file}` })).Status.State,
    ).toBe('complete');
    const t = await job(`read-${id()}`, {
      node: 'w2',
      shared: true,
      cmd: `[ "$(wc -l < /shared/${file})" = 1000 ] && sha256sum /shared/${file} | cut -c1-64 > /shared/${file}.sum`,
    });
    expect(t.Status.State).toBe('complete');
    expect(readFileSync(`${c.exported}/${file}.sum`, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves work no node can take pending, with the reason', async () => {
    const name = `huge-${id()}`;
    await c.manager.createService({
      Name: name,
      TaskTemplate: {
        ContainerSpec: { Image: c.image, Command: ['sleep', '1'] },
        Resources: { Reservations: { MemoryBytes: 10 * 2 ** 40 } },
        RestartPolicy: { Condition: 'none' },
      },
    } as never);
    const t = await waitFor(
      async () => (await tasksOf(c.manager, name)).find((x) => x.Status.Err),
      'a scheduling reason',
      30_000,
      200,
    );
    expect(t.Status.State).toBe('pending');
    expect(t.Status.Err).toMatch(/no suitable node \(insufficient resources on 3 nodes\)/);
    await c.manager.getService(name).remove();
  });

  it("moves a service's task to another node when its node is drained", async () => {
    const ids = await nodeIds();
    const name = `moving-${id()}`;
    await c.manager.createService({
      Name: name,
      TaskTemplate: {
        ContainerSpec: { Image: c.image, Command: ['sleep', 'infinity'], Init: true, StopGracePeriod: 1e9 },
        Placement: { Constraints: ['node.role==worker'] },
      },
      Mode: { Replicated: { Replicas: 1 } },
    } as never);
    const running = () =>
      waitFor(
        async () => (await tasksOf(c.manager, name)).find((t) => t.Status.State === 'running'),
        'a running task',
        60_000,
        200,
      );
    const first = await running();
    const from = first.NodeID === ids.w1 ? 'w1' : 'w2';
    const node = c.manager.getNode(ids[from]!);
    const spec = (await node.inspect()) as { Spec: Record<string, unknown>; Version: { Index: number } };
    await node.update({ version: spec.Version.Index, ...spec.Spec, Availability: 'drain' });
    try {
      const moved = await waitFor(
        async () =>
          (await tasksOf(c.manager, name)).find((t) => t.Status.State === 'running' && t.NodeID !== ids[from]),
        'the task running on the other worker',
        60_000,
        200,
      );
      expect(moved.NodeID).toBe(ids[from === 'w1' ? 'w2' : 'w1']);
    } finally {
      const now = (await node.inspect()) as { Spec: Record<string, unknown>; Version: { Index: number } };
      await node.update({ version: now.Version.Index, ...now.Spec, Availability: 'active' });
      await c.manager.getService(name).remove();
    }
  });
});

// A container of the user's own (tessera/base: bash and perl): each host checks resourceconfig.json
// names it, serves its hostname, reaches its peer by name, and buys its owner's credentials from
// the control plane's gateway across the cluster's network.
const PEERS = `
set -e
me=$(hostname)
if [ "$me" = algo-1 ]; then peer=algo-2; else peer=algo-1; fi
grep -q "current_host\\"[: ]*\\"$me\\"" /opt/ml/input/config/resourceconfig.json
perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(LocalPort => 7777, Listen => 5, ReuseAddr => 1) or die;
  for (1..20) { my $c = $s->accept or last; print $c \`hostname\`; close $c }' &
for i in $(seq 300); do (exec 3<>/dev/tcp/$peer/7777) 2>/dev/null && break; sleep 0.2; done
exec 3<>/dev/tcp/$peer/7777
reply=$(cat <&3)
uri=\${AWS_CONTAINER_CREDENTIALS_FULL_URI#http://}
exec 4<>/dev/tcp/\${uri%%:*}/$(echo "\${uri#*:}" | cut -d/ -f1)
printf 'GET /%s HTTP/1.0\\r\\nAuthorization: %s\\r\\n\\r\\n' "\${uri#*/}" "$AWS_CONTAINER_AUTHORIZATION_TOKEN" >&4
resp=$(cat <&4)
key=$(echo "$resp" | grep -o '"AccessKeyId": *"[A-Z]*' | grep -o '[A-Z]*$' | cut -c1-4)
[ -n "$key" ] || echo "the gateway answered: $(echo "$resp" | head -c 300)"

echo "$me reached $reply with key $key"
echo "$me reached $reply with key $key" > /opt/ml/model/seen-$me.txt
sleep 3
`;

describe('Tessera on the swarm cluster', { timeout: 240_000 }, () => {
  const cleanup = useCleanups();

  async function swarmServer() {
    const server: RunningServer = await startServer({ env: c.serverEnv });
    cleanup(
      () => server.cleanup(),
      () => server.stop(),
    );
    const h = { server, ...(await adminClients(server)) } as unknown as Harness;
    return { server, u: await workUser(h) };
  }

  it('runs a two-instance training job with an instance on each worker; algo-1 and algo-2 see each other', async () => {
    const { u } = await swarmServer();
    await u.put('data/peers.sh', PEERS); // the script comes in through the input channel, as data
    const job = uniqueName('swarm');
    await u.sagemaker.send(
      new CreateTrainingJobCommand({
        TrainingJobName: job,
        RoleArn: ROLE,
        AlgorithmSpecification: {
          TrainingImage: 'tessera/base:bookworm',
          TrainingInputMode: 'File',
          ContainerEntrypoint: ['bash', '/opt/ml/input/data/train/peers.sh'],
        },
        InputDataConfig: [
          {
            ChannelName: 'train',
            DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://${u.bucket}/data/` } },
          },
        ],
        OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/out` },
        ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 2, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 300 },
      }),
    );
    // Both instances' tasks, while they run: one on each worker.
    const ids = await nodeIds();
    const nodesUsed = await waitFor(
      async () => {
        const services = (await c.manager.listServices({ filters: { label: ['tessera.work-kind=TrainingJob'] } })) as {
          Spec: { Name: string; Labels: Record<string, string> };
        }[];
        const mine = services.filter((s) => s.Spec.Labels['tessera.work-host']?.startsWith('algo-'));
        if (mine.length < 2) return undefined;
        const tasks = await Promise.all(mine.map(async (s) => (await tasksOf(c.manager, s.Spec.Name))[0]));
        return tasks.every((t) => t?.NodeID && t.Status.State === 'running') ? tasks.map((t) => t!.NodeID) : undefined;
      },
      'both instances running',
      120_000,
      200,
    );
    expect(new Set(nodesUsed)).toEqual(new Set([ids.w1, ids.w2]));

    const done = await trainingEnds(u.sagemaker, job, 180_000);
    expect(done.FailureReason).toBeUndefined();
    expect(done.TrainingJobStatus).toBe('Completed');
    const artifact = await u.get(`out/${job}/output/model.tar.gz`);
    expect(await tarEntries(artifact)).toContain('seen-algo-1.txt');
    const logs = await u.logs.send(
      new FilterLogEventsCommand({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: `${job}/` }),
    );
    const lines = (logs.events ?? []).map((e) => e.message).join('\n');
    expect(lines).toContain('algo-1 reached algo-2 with key ASIA');
    expect(lines).toContain('algo-2 reached algo-1 with key ASIA');
    // Nothing of the job is left on the cluster.
    await waitFor(
      async () =>
        ((await c.manager.listServices({ filters: { label: ['tessera.work-kind=TrainingJob'] } })) as unknown[])
          .length === 0 || undefined,
      'services removed',
      30_000,
      250,
    );
  });

  it('fails a job whose instance type no node can hold, before anything starts, saying why', async () => {
    const { u } = await swarmServer();
    const job = uniqueName('huge');
    await u.sagemaker.send(
      new CreateTrainingJobCommand({
        TrainingJobName: job,
        RoleArn: ROLE,
        AlgorithmSpecification: {
          TrainingImage: 'tessera/base:bookworm',
          TrainingInputMode: 'File',
          ContainerEntrypoint: ['true'],
        },
        OutputDataConfig: { S3OutputPath: `s3://${u.bucket}/out` },
        ResourceConfig: { InstanceType: 'ml.m5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 60 },
      }),
    );
    const done = await trainingEnds(u.sagemaker, job, 60_000);
    expect(done.TrainingJobStatus).toBe('Failed');
    expect(done.FailureReason).toMatch(/no node of the swarm cluster can hold ml\.m5\.2xlarge \(32 GiB/);
  });
});
