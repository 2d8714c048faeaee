// Hostile tenants, part 3: taking the server down for everyone. Catastrophic regular
// expressions first: an ordinary user hands the server a pattern with nested quantifiers,
// `(a+)+$`, and a line that makes a backtracking engine take ~2^n steps: 'a'.repeat(40) + '!'
// is about a day of CPU for V8's irregexp (measured here: n=26 ≈ 6.6 s, doubling with each
// character). The secure behaviour: the pattern is refused (InvalidParameterException /
// ValidationException), or matched by a linear-time engine, or cut off; either way the server
// keeps answering other requests within a second. Then a crash: the server archiving a tree
// that another of the attacker's containers keeps changing.
//
// Each test boots its own server: when the hole is open the server's event loop never comes
// back (or the process is gone), so the test kills it (SIGKILL: a frozen process cannot run its
// SIGTERM handler) rather than leave it to the tests after it.
import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateTrainingJobCommand, DescribeTrainingJobCommand, ListDomainsCommand } from '@aws-sdk/client-sagemaker';
import { waitFor } from '@tessera/test-support';
import { describe, expect, it } from 'vitest';
import { boot, uniqueName, type Harness } from './harness.ts';
import { answersWithin, jobLogs, serverEnv, shellTraining, TRAINING_LOGS } from './hostile-fixture.ts';
import { trainingEnds, workUser } from './work-fixture.ts';

const EVIL_LINE = `${'a'.repeat(40)}!`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withServer(fn: (h: Harness) => Promise<void>) {
  const h = await boot({ TESSERA_BACKEND: 'docker', ...serverEnv });
  try {
    await fn(h);
  } finally {
    if (!(await answersWithin(h.server.url, 2_000))) h.server.process.kill('SIGKILL');
    await h.close();
  }
}

/** ListDomains answered within `ms` (a SageMaker API call, beside /healthz). */
async function listsWithin(h: Harness, ms: number): Promise<boolean> {
  try {
    await h.sagemaker.send(new ListDomainsCommand({}), { abortSignal: AbortSignal.timeout(ms) });
    return true;
  } catch {
    return false;
  }
}

describe('hostile tenant: denial of service to every tenant', { timeout: 180_000 }, () => {
  it("9a. FilterLogEvents with filterPattern %(a+)+$% over a line of 40 a's does not freeze the server", async () => {
    await withServer(async (h) => {
      const u = await workUser(h);
      const name = uniqueName('redos-log');
      await u.sagemaker.send(new CreateTrainingJobCommand(await shellTraining(u, name, `echo '${EVIL_LINE}'; exit 0`)));
      expect((await trainingEnds(u.sagemaker, name)).TrainingJobStatus).toBe('Completed');

      const abort = new AbortController();
      const filter = u.logs
        .send(
          new FilterLogEventsCommand({
            logGroupName: TRAINING_LOGS,
            logStreamNamePrefix: `${name}/`,
            filterPattern: '%(a+)+$%',
          }),
          { abortSignal: abort.signal },
        )
        .then(
          (r) => ({ events: r.events?.length ?? 0 }),
          (e: Error) => ({ error: e.name }),
        );
      await sleep(500); // the request is in the server by now
      const healthz = await answersWithin(h.server.url, 1_000);
      const listed = await listsWithin(h, 1_000);
      const settled = await Promise.race([filter, sleep(5_000).then(() => 'still running after 5 s')]);
      abort.abort();
      // Refused (CloudWatch answers InvalidParameterException for a pattern it will not run),
      // or answered; in both cases without stopping everyone else.
      const refusedOrAnswered =
        typeof settled === 'object' &&
        (!('error' in settled) || ['InvalidParameterException', 'ValidationException'].includes(settled.error));
      expect(
        { healthzWithin1s: healthz, listDomainsWithin1s: listed, refusedOrAnswered },
        JSON.stringify(settled),
      ).toEqual({
        healthzWithin1s: true,
        listDomainsWithin1s: true,
        refusedOrAnswered: true,
      });
    });
  });

  it("9b. a training job's MetricDefinitions regex (a+)+$ over its own output does not freeze the server", async () => {
    await withServer(async (h) => {
      const u = await workUser(h);
      const name = uniqueName('redos-metric');
      // The line comes 3 s into the job, so the probes below run while the server reads it.
      const job = await shellTraining(u, name, `sleep 3; echo '${EVIL_LINE}'; sleep 8; exit 0`, {});
      job.AlgorithmSpecification!.MetricDefinitions = [{ Name: 'm', Regex: '(a+)+$' }];
      const created = await u.sagemaker.send(new CreateTrainingJobCommand(job)).then(
        () => undefined,
        (e: Error) => e,
      );
      if (created) {
        // Refusing the regex up front is a fix.
        expect(created.name).toBe('ValidationException');
        return;
      }
      const probes: { at: number; healthz: boolean }[] = [];
      const start = Date.now();
      while (Date.now() - start < 15_000) {
        probes.push({ at: Date.now() - start, healthz: await answersWithin(h.server.url, 1_000) });
        // Frozen: no need to wait on.
        if (!probes.at(-1)!.healthz && probes.filter((p) => !p.healthz).length >= 3) break;
        await sleep(500);
      }
      const missed = probes.filter((p) => !p.healthz).map((p) => `${(p.at / 1000).toFixed(1)} s`);
      expect(missed, `/healthz unanswered within 1 s at: ${missed.join(', ')}`).toEqual([]);
    });
  });

  // Found while writing test 2: node-tar's packer emits 'error' when an entry vanishes or
  // shrinks between readdir/lstat and read, and nothing listens, so the process dies. Job B
  // churns files in its own /opt/ml/model; job A's /opt/ml/model is a link to B's, so the server
  // archives B's changing tree when A ends.
  it("12. a /opt/ml/model linked to another live job's changing directory does not crash the server", async () => {
    await withServer(async (h) => {
      const u = await workUser(h);
      const churner = uniqueName('churn');
      await u.sagemaker.send(
        new CreateTrainingJobCommand(
          await shellTraining(
            u,
            churner,
            [
              `d=$(awk '$5=="/opt/ml"{print $4}' /proc/self/mountinfo); echo "HOSTILE-MOUNT $d"`,
              'end=$((SECONDS + 40))',
              'while [ $SECONDS -lt $end ]; do',
              '  for i in $(seq 1 300); do echo x > /opt/ml/model/f$i; done; rm -f /opt/ml/model/f*',
              'done',
              'exit 0',
            ].join('\n'),
            { StoppingCondition: { MaxRuntimeInSeconds: 60 } },
          ),
        ),
      );
      const mount = await waitFor(
        async () => /HOSTILE-MOUNT (\S+)/.exec(await jobLogs(u, TRAINING_LOGS, churner))?.[1],
        "the churner's mount",
        60_000,
        250,
      );
      const churnerId = mount.split('/').at(-2)!;
      const linker = uniqueName('linker');
      await u.sagemaker.send(
        new CreateTrainingJobCommand(
          await shellTraining(
            u,
            linker,
            `rm -rf /opt/ml/model && ln -s ../../${churnerId}/algo-1/model /opt/ml/model; exit 0`,
          ),
        ),
      );
      const dead = () => h.server.process.exitCode !== null || h.server.process.signalCode !== null;
      const ended = await waitFor(
        async () => {
          if (dead()) return 'the server exited';
          const d = await u.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: linker }));
          return ['Completed', 'Failed', 'Stopped'].includes(d.TrainingJobStatus!) ? d.TrainingJobStatus! : undefined;
        },
        'the linker to end',
        90_000,
        250,
      );
      expect({ serverAlive: !dead(), linkerEnded: ended }, h.server.output.slice(-15).join('\n')).toEqual({
        serverAlive: true,
        linkerEnded: expect.stringMatching(/^(Completed|Failed)$/),
      });
    });
  });
});
