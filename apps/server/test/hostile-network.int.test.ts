// Hostile tenants, part 2: what an ORDINARY user's containers can reach and do on this host. An
// attacker's training job, processing job and Studio kernel (docker backend) probe their network
// (another tenant's endpoint and Jupyter server, the host's own listeners, a route to the cloud
// metadata address), look at who they run as and with which privileges, fork without bound and
// write past their volume. Each test asserts the secure behaviour: it fails while the hole is
// open and passes once it is closed.
//
// Docker internals these checks lean on (so a fixer knows what moves them): container addresses
// and networks come from the engine (dockerode, /var/run/docker.sock); the probe reads
// /proc/net/route and /proc/self/status inside the container; pids.max is read from cgroup v1's
// /sys/fs/cgroup/pids inside the container (on cgroup v2 the file is /sys/fs/cgroup/pids.max,
// both are tried). The scans stay on this machine: the container's own /24 on a Docker bridge,
// its gateway and the host's own address, and only the ports named; 169.254.169.254 is never
// contacted (on a cloud VM that is the provider's metadata service), only the route to it.
// "Foreign" is any Tessera container that is not the attacker's own (by job name or home mount),
// including containers of other Tessera installations sharing the engine, which are just as much
// someone else's.
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateProcessingJobCommand,
  CreateTrainingJobCommand,
  DeleteEndpointCommand,
  DescribeTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { execute, jupyterManagers, jupyterSettings, waitFor } from '@tessera/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeDirOf, uniqueName, useHarness } from './harness.ts';
import {
  docker,
  endpointStatus,
  footprint,
  GiB,
  hostListener,
  hostPrimaryIp,
  jobContainer,
  jobLogs,
  keepServerLog,
  listDomains,
  PROCESSING_LOGS,
  probeScript,
  serverEnv,
  shellProcessing,
  shellTraining,
  tagged,
  tesseraContainers,
  TRAINING_LOGS,
  watchDisk,
  watchLatency,
  weightModel,
  type ContainerView,
  type ProbeResult,
} from './hostile-fixture.ts';
import { studioUser } from './studio-fixture.ts';
import { processingEnds, trainingEnds, workUser, type WorkUser } from './work-fixture.ts';

const h = useHarness({ TESSERA_BACKEND: 'docker', ...serverEnv });
keepServerLog(h, 'network');

let attacker: WorkUser;
let victim: WorkUser;
let victimEndpoint: string;
let victimIp: string;
let listener: Awaited<ReturnType<typeof hostListener>>;
const hostIp = hostPrimaryIp();

beforeAll(async () => {
  listener = await hostListener();
  attacker = await workUser(h);
  victim = await workUser(h);
  const cfg = uniqueName('victim-cfg');
  await victim.sagemaker.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: cfg,
      ProductionVariants: [
        {
          VariantName: 'AllTraffic',
          ModelName: await weightModel(victim, 2),
          InstanceType: 'ml.m5.large',
          InitialInstanceCount: 1,
        },
      ],
    }),
  );
  victimEndpoint = uniqueName('victim-ep');
  await victim.sagemaker.send(new CreateEndpointCommand({ EndpointName: victimEndpoint, EndpointConfigName: cfg }));
  await endpointStatus(victim.sagemaker, victimEndpoint, ['InService']);
  const [c] = (await tesseraContainers()).filter((x) => x.labels['tessera.work-resource'] === victimEndpoint);
  victimIp = c!.ip!;
  expect(victimIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
});

afterAll(async () => {
  await victim?.sagemaker.send(new DeleteEndpointCommand({ EndpointName: victimEndpoint })).catch(() => undefined);
  await listener?.close();
});

/** Packets the host firewall dropped on their way from a tenant network to a link-local address. */
function linkLocalDrops(): number {
  try {
    const out = execFileSync('iptables', ['-w', '-t', 'mangle', '-L', 'TESSERA-FORWARD', '-v', '-x', '-n'], {
      encoding: 'utf8',
    });
    const line = out.split('\n').find((l) => /DROP/.test(l) && l.includes('169.254.0.0/16'));
    return Number(line?.trim().split(/\s+/)[0] ?? 0);
  } catch {
    return 0; // no such chain: nothing drops it
  }
}

const probeCfg = () => ({
  victims: [victimIp],
  hostIp,
  hostPorts: [listener.port, h.server.port],
  gatewayPorts: [8888, 8080, 5432, 22],
  scanPorts: [8080, 8888],
});

/** Open address:port pairs on the scanned /24 that belong to no container of `own`. */
function foreignOpen(p: ProbeResult, containers: ContainerView[], own: (c: ContainerView) => boolean): string[] {
  const byIp = new Map(containers.filter((c) => c.ip).map((c) => [c.ip!, c]));
  return p.open
    .filter((hp) => {
      const ip = hp.split(':')[0]!;
      if (ip === p.gateway || ip === hostIp) return true;
      const c = byIp.get(ip);
      return !c || !own(c);
    })
    .map((hp) => {
      const c = byIp.get(hp.split(':')[0]!);
      return c ? `${hp} (${c.name})` : hp;
    });
}

describe('hostile tenant: containers on the docker backend', { timeout: 300_000 }, () => {
  describe('6. what a training or processing container reaches and is', () => {
    const results: Record<string, { probe: ProbeResult; hostUid: number; containers: ContainerView[]; job: string }> =
      {};

    let dropsBefore = 0;
    beforeAll(async () => {
      dropsBefore = linkLocalDrops();
      // The probe, then a file left in /opt/ml for the host-side owner check, then a wait for
      // the test to look at it (the job's directory is removed once the job ends).
      const script = (probe: string) =>
        [
          `python3 - <<'PROBE'\n${probe}\nPROBE`,
          'echo owned > /opt/ml/output/uid-probe',
          'for i in $(seq 1 600); do [ -e /opt/ml/hostile-go ] && break; sleep 0.1; done',
          'exit 0',
        ].join('\n');
      // One after the other, so each sees only the victim's containers and not its sibling.
      for (const kind of ['training', 'processing'] as const) {
        const name = uniqueName(`probe-${kind}`);
        if (kind === 'training')
          await attacker.sagemaker.send(
            new CreateTrainingJobCommand(await shellTraining(attacker, name, script(probeScript(probeCfg())))),
          );
        else
          await attacker.sagemaker.send(
            new CreateProcessingJobCommand(await shellProcessing(attacker, name, script(probeScript(probeCfg())))),
          );
        const c = await jobContainer(kind === 'training' ? 'TRAINING_JOB_NAME' : 'PROCESSING_JOB_NAME', name);
        const info = await docker.getContainer(c.id).inspect();
        const optMl = info.Mounts.find((m) => m.Destination === '/opt/ml')!.Source!;
        const probeFile = join(optMl, 'output', 'uid-probe');
        await waitFor(
          async () => (statSync(probeFile, { throwIfNoEntry: false }) ? true : undefined),
          `${probeFile}`,
          120_000,
          200,
        );
        const hostUid = statSync(probeFile).uid;
        const containers = await tesseraContainers();
        writeFileSync(join(optMl, 'hostile-go'), '');
        if (kind === 'training') await trainingEnds(attacker.sagemaker, name, 180_000);
        else await processingEnds(attacker.sagemaker, name);
        const logs = await jobLogs(attacker, kind === 'training' ? TRAINING_LOGS : PROCESSING_LOGS, name);
        const probe = tagged<ProbeResult>(logs, 'HOSTILE-PROBE');
        if (!probe) throw new Error(`the ${kind} probe printed no result:\n${logs.slice(-3000)}`);
        results[kind] = { probe, hostUid, containers, job: name };
      }
    });

    const own = (job: string) => (c: ContainerView) => c.env.some((e) => e.endsWith(`_JOB_NAME=${job}`));

    it("6a. cannot reach another tenant's endpoint container (direct address, or found by scanning its /24)", () => {
      const found: Record<string, unknown> = {};
      for (const [kind, r] of Object.entries(results)) {
        const v = r.probe.victims[victimIp]!;
        if (v.invocations.status !== undefined) found[`${kind}: POST ${victimIp}:8080/invocations`] = v.invocations;
        const foreign = foreignOpen(r.probe, r.containers, own(r.job)).filter(
          (hp) => !hp.startsWith(`${r.probe.gateway}:`) && !hp.startsWith(`${hostIp}:`),
        );
        if (foreign.length) found[`${kind}: other tenants' ports open (scanned ${r.probe.scanned})`] = foreign;
      }
      expect(results.training && results.processing).toBeTruthy();
      expect(found).toEqual({});
    });

    it("6b. cannot reach a host listener (via the gateway or the host's address), nor the server's port", () => {
      const found: Record<string, unknown> = {};
      for (const [kind, r] of Object.entries(results)) {
        const host = r.probe.open.filter(
          (hp) => hp.startsWith(`${r.probe.gateway}:`) || (hostIp && hp.startsWith(`${hostIp}:`)),
        );
        if (host.length) found[`${kind}: host ports open`] = host;
      }
      // The listener's own record of who connected, independent of what the probe says.
      const fromContainers = listener.peers.filter((p) => !/^(::ffff:)?127\./.test(p));
      if (fromContainers.length) found['the host listener was connected to from'] = [...new Set(fromContainers)];
      expect(hostIp, 'the host has a primary address to test').toBeTruthy();
      expect(found).toEqual({});
    });

    // What is checked: that link-local traffic (the range of a cloud's metadata service) from a
    // container is dropped by this host: either the container has no route there at all, or the
    // probe's connection to 169.254.0.1 (never 169.254.169.254 itself, which would test the cloud
    // provider) fails AND the host firewall's link-local drop rule counted its packets.
    it('6c. reaches no link-local address (the metadata service): no route, or dropped by the host', () => {
      const found: Record<string, unknown> = {};
      for (const [kind, r] of Object.entries(results)) {
        if (r.probe.linkLocalConnected) found[kind] = 'connected to 169.254.0.1:80';
        else if (r.probe.metadataRoutes.length && !(linkLocalDrops() > dropsBefore))
          found[kind] = { routes: r.probe.metadataRoutes, droppedByHost: false };
      }
      expect(found).toEqual({});
    });

    it('6d. files a container leaves on the host are not owned by host root (uid 0)', () => {
      const found: Record<string, string> = {};
      for (const [kind, r] of Object.entries(results)) {
        if (r.hostUid === 0) found[kind] = `container uid ${r.probe.uid} → host uid ${r.hostUid}`;
      }
      expect(found).toEqual({});
    });

    it('6e. runs without CAP_NET_RAW and with no_new_privs', () => {
      const found: Record<string, string> = {};
      for (const [kind, r] of Object.entries(results)) {
        if (r.probe.capNetRaw || r.probe.noNewPrivs !== '1') {
          found[kind] =
            `CapEff ${r.probe.capEff} (NET_RAW ${r.probe.capNetRaw}, SYS_ADMIN ${r.probe.capSysAdmin}), ` +
            `NoNewPrivs ${r.probe.noNewPrivs}`;
        }
      }
      expect(found).toEqual({});
    });
  });

  it('7. a fork bomb in a training container is held to a pid limit and the host stays responsive', async () => {
    // Self-limiting: stops at 4,500 children or after 20 s (this host's pid_max is only 32768),
    // each child an exec'd `sleep` (little memory), all killed before the script ends. Secure
    // means the kernel refused a fork (EAGAIN from the container's pids limit) before 4,096.
    const bomb = String.raw`
import os, time, json
limit, pids, err, start = 4500, [], None, time.time()
pmax = '?'
for f in ('/sys/fs/cgroup/pids/pids.max', '/sys/fs/cgroup/pids.max'):
    if os.path.exists(f):
        pmax = open(f).read().strip(); break
try:
    while len(pids) < limit and time.time() - start < 20:
        pid = os.fork()
        if pid == 0:
            try:
                os.execv('/usr/bin/sleep', ['sleep', '30'])
            finally:
                os._exit(0)
        pids.append(pid)
except OSError as e:
    err = str(e)
result = {'forked': len(pids), 'error': err, 'pidsMax': pmax, 'seconds': round(time.time() - start, 1)}
print('HOSTILE-FORK ' + json.dumps(result), flush=True)
for p in pids:
    try: os.kill(p, 9)
    except Exception: pass
for p in pids:
    try: os.waitpid(p, 0)
    except Exception: pass
`;
    const name = uniqueName('forkbomb');
    await attacker.sagemaker.send(
      new CreateTrainingJobCommand(
        await shellTraining(attacker, name, `timeout 60 python3 - <<'BOMB'\n${bomb}\nBOMB\nexit 0`, {
          StoppingCondition: { MaxRuntimeInSeconds: 90 },
        }),
      ),
    );
    const latency = watchLatency(async () => {
      await attacker.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
      await listDomains(h.sagemaker);
    }, 200);
    const d = await trainingEnds(attacker.sagemaker, name, 180_000);
    const { worst, samples, errors } = await latency.stop();
    const r = tagged<{ forked: number; error: string | null; pidsMax: string; seconds: number }>(
      await jobLogs(attacker, TRAINING_LOGS, name),
      'HOSTILE-FORK',
    );
    expect(r, `the bomb printed its result (job ${d.TrainingJobStatus} ${d.FailureReason ?? ''})`).toBeDefined();
    expect(samples).toBeGreaterThan(3);
    expect(
      {
        hostAnsweredWithin2s: worst < 2_000 && errors.length === 0,
        pidLimitSet: /^\d+$/.test(r!.pidsMax) && Number(r!.pidsMax) <= 4096,
        forkRefusedBelow4096: r!.error !== null && r!.forked < 4096,
      },
      `forked ${r!.forked} in ${r!.seconds} s (${r!.error ?? 'no error'}), pids.max ${r!.pidsMax}, ` +
        `slowest answer ${worst} ms`,
    ).toEqual({
      hostAnsweredWithin2s: true,
      pidLimitSet: true,
      forkRefusedBelow4096: true,
    });
  });

  it('8. writing past VolumeSizeInGB=1 fails in the container; host disk and server unharmed', async () => {
    const name = uniqueName('diskfill');
    // 1.5 GiB into the ML volume (/opt/ml/model) and into the container's own writable layer.
    const fill = ['/opt/ml/model/fill', '/tmp/fill']
      .map((f) =>
        [
          `dd if=/dev/zero of=${f} bs=1M count=1536 conv=fsync 2>&1 | tail -4`,
          `echo "HOSTILE-DD ${f} rc=\${PIPESTATUS[0]}"`,
          `rm -f ${f}`,
        ].join('\n'),
      )
      .join('\n');
    const disk = watchDisk(h.server.dataDir);
    await attacker.sagemaker.send(new CreateTrainingJobCommand(await shellTraining(attacker, name, `${fill}\nexit 0`)));
    const d = await trainingEnds(attacker.sagemaker, name, 240_000);
    const { maxGrowth, start } = disk.stop();
    const logs = await jobLogs(attacker, TRAINING_LOGS, name);
    const rc = (f: string) =>
      /rc=(\d+)/.exec(logs.split('\n').find((l) => l.startsWith(`HOSTILE-DD ${f} `)) ?? '')?.[1];
    // The server is unharmed: it answers, and the job's record reads back.
    expect((await listDomains(h.sagemaker)).Domains).toBeDefined();
    expect(d.TrainingJobName).toBe(name);
    expect(rc('/opt/ml/model/fill'), logs.slice(-2000)).toBeDefined();
    // What it wrote is gone again once the job's volume is released.
    await waitFor(
      async () => (footprint(h.server.dataDir) < start + 0.25 * GiB ? true : undefined),
      'the job volume released',
      30_000,
      250,
    );
    expect(
      {
        volumeWriteFailed: rc('/opt/ml/model/fill') !== '0',
        writableLayerWriteFailed: rc('/tmp/fill') !== '0',
        saidNoSpace: /No space left on device/.test(logs),
        hostDiskWithinVolume: maxGrowth <= 1.25 * GiB,
      },
      `host disk used up to ${(maxGrowth / GiB).toFixed(2)} GiB more; dd: ${logs
        .split('\n')
        .filter((l) => /HOSTILE-DD|copied|No space/.test(l))
        .join(' | ')}`,
    ).toEqual({
      volumeWriteFailed: true,
      writableLayerWriteFailed: true,
      saidNoSpace: true,
      hostDiskWithinVolume: true,
    });
  });

  it('11. a Studio kernel scanning its network reaches no other tenant, the host or the server', async () => {
    const a = await studioUser(h);
    const v = await studioUser(h, a.DomainId);
    const open = async (u: typeof a) =>
      waitFor(
        async () => {
          const r = await u.session.rest('POST', '/api/v1/studio/open', {});
          if (r.body.App?.Status === 'Failed') throw new Error(r.body.App.FailureReason);
          return r.body.App?.Status === 'InService' ? r.body : undefined;
        },
        'Studio open',
        120_000,
        250,
      );
    await Promise.all([open(a), open(v)]);
    const homes = new Map([
      [a, await homeDirOf(h, a.DomainId, a.UserProfileName)],
      [v, await homeDirOf(h, v.DomainId, v.UserProfileName)],
    ]);
    const homeOf = (u: typeof a) => homes.get(u)!;
    const victimContainers = (await tesseraContainers()).filter((c) => c.mounts.includes(homeOf(v)));
    const victimStudioIp = victimContainers[0]?.ip;
    expect(victimStudioIp, "the victim's Studio container and its address").toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    const jupyter = jupyterManagers(jupyterSettings(a.jupyterBase, { cookie: a.session.cookie }));
    const session = await jupyter.sessions.startNew({
      path: 'scan.ipynb',
      name: 'scan.ipynb',
      type: 'notebook',
      kernel: { name: 'minimal__ml.t3.medium' },
    });
    try {
      const cfg = { ...probeCfg(), victims: [victimStudioIp!, victimIp] };
      const out = await execute(session.kernel!, probeScript(cfg));
      const probe = tagged<ProbeResult>(out, 'HOSTILE-PROBE');
      expect(probe, out).toBeDefined();
      const containers = await tesseraContainers();
      const mine = (c: ContainerView) => c.mounts.includes(homeOf(a));
      const found: Record<string, unknown> = {};
      const foreign = foreignOpen(probe!, containers, mine);
      if (foreign.length) found[`open from the kernel (scanned ${probe!.scanned})`] = foreign;
      for (const [ip, r] of Object.entries(probe!.victims)) {
        if (r.jupyter.status !== undefined) found[`GET ${ip}:8888/api/kernels`] = `HTTP ${r.jupyter.status}`;
        if (r.invocations.status !== undefined)
          found[`POST ${ip}:8080/invocations`] = `HTTP ${r.invocations.status}: ${r.invocations.body}`;
      }
      expect(found).toEqual({});
    } finally {
      await session.shutdown().catch(() => undefined);
      await jupyter.dispose();
    }
  });
});
