// The instances of one training or processing job (algo-1..N), as both reconcilers handle them: follow each one's
// output and look at the job again the moment one exits; stop them all; and remove every trace once the job has ended.
import { join } from 'node:path';
import type { Job } from '@tessera/db';
import type { InstanceState, LogLine } from '../../runtime/contract.ts';
import { removeInstanceTree } from './opt-ml.ts';
import type { Services } from '../services.ts';

export interface JobHostsState {
  hosts?: Record<string, InstanceState>;
}

type Deps = Pick<Services, 'config' | 'runtimes' | 'followers' | 'reconciler' | 'logs' | 'logger'>;

export function createJobHosts(s: Deps, opts: { reconcileKind: string; logGroup: string }) {
  const watched = new Set<string>();
  const stateOf = (job: Job) => (job.backendState ?? {}) as JobHostsState;
  const runtimeOf = (job: Job) => s.runtimes.of(job.backend);
  const streamOf = (job: Job, host: string) =>
    `${job.name}/${host}-${Math.floor((job.startedAt?.getTime() ?? Date.now()) / 1000)}`;

  return {
    dir: (job: Job) => join(s.config.dataDir, 'work', job.id),
    hostsOf: (job: Job) => Object.entries(stateOf(job).hosts ?? {}),

    /** Output into `<group>/<job>/<host>-<start>`; an exit enqueues the job at once. Idempotent. */
    follow(job: Job, host: string, state: InstanceState, onLines?: (lines: LogLine[]) => Promise<void>) {
      s.followers.follow(`${job.id}/${host}`, {
        runtime: runtimeOf(job),
        state,
        group: opts.logGroup,
        stream: streamOf(job, host),
        owner: { ownerUserId: job.ownerUserId, resourceArn: job.arn },
        ...(onLines ? { onLines } : {}),
      });
      const key = `${job.id}/${host}`;
      if (watched.has(key)) return;
      watched.add(key);
      void runtimeOf(job)
        .wait(state)
        .catch(() => undefined)
        .finally(() => {
          watched.delete(key);
          s.reconciler.enqueue(opts.reconcileKind, job.id);
        });
    },

    /** Resolves once every host's last output line is stored. */
    async drained(job: Job) {
      await Promise.all(Object.keys(stateOf(job).hosts ?? {}).map((host) => s.followers.drained(`${job.id}/${host}`)));
    },

    /** A line of Tessera's own in the host's log stream, after the container's (and in the server's log). */
    async note(job: Job, host: string, message: string) {
      s.logger.warn({ job: job.name, host }, message);
      await s.logs.append(opts.logGroup, streamOf(job, host), [{ timestamp: Date.now(), message }], {
        ownerUserId: job.ownerUserId,
        resourceArn: job.arn,
      });
    },

    async stopAll(job: Job, graceMs: number) {
      await Promise.all(
        Object.values(stateOf(job).hosts ?? {}).map((st) =>
          runtimeOf(job)
            .stop(st, { graceMs })
            .catch(() => undefined),
        ),
      );
    },

    async cleanup(job: Job) {
      const state = stateOf(job);
      for (const [host, st] of Object.entries(state.hosts ?? {})) {
        s.followers.stop(`${job.id}/${host}`);
        await runtimeOf(job)
          .remove(st)
          .catch(() => undefined);
      }
      await removeInstanceTree(runtimeOf(job), join(s.config.dataDir, 'work', job.id));
    },
  };
}
