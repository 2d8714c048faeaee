// The containers of one training or processing job (algo-1..N, and the network they share when
// N > 1), as both reconcilers handle them: follow each one's output and look at the job again the
// moment one exits; stop them all; and remove every trace once the job has ended.
import { join } from 'node:path';
import type { Job } from '@tessera/db';
import type { BackendState } from '../../runtime/backend.ts';
import type { LogLine } from '../../runtime/work.ts';
import type { Services } from '../services.ts';
import { removeTree } from '../../platform/storage/inside-dir.ts';

export interface JobHostsState {
  hosts?: Record<string, BackendState>;
  network?: string;
}

type Deps = Pick<Services, 'config' | 'work' | 'followers' | 'reconciler' | 'logs' | 'logger'>;

export function createJobHosts(s: Deps, opts: { reconcileKind: string; logGroup: string }) {
  const watched = new Set<string>();
  const stateOf = (job: Job) => (job.backendState ?? {}) as JobHostsState;
  const streamOf = (job: Job, host: string) =>
    `${job.name}/${host}-${Math.floor((job.startedAt?.getTime() ?? Date.now()) / 1000)}`;

  return {
    dir: (job: Job) => join(s.config.dataDir, 'work', job.id),
    hostsOf: (job: Job) => Object.entries(stateOf(job).hosts ?? {}),

    /** Output into `<group>/<job>/<host>-<start>`; an exit enqueues the job at once. Idempotent. */
    follow(job: Job, host: string, state: BackendState, onLines?: (lines: LogLine[]) => Promise<void>) {
      s.followers.follow(`${job.id}/${host}`, {
        backend: s.work,
        state,
        group: opts.logGroup,
        stream: streamOf(job, host),
        owner: { ownerUserId: job.ownerUserId, resourceArn: job.arn },
        ...(onLines ? { onLines } : {}),
      });
      const key = String(state.containerId ?? state.pid);
      if (watched.has(key)) return;
      watched.add(key);
      void s.work
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
        Object.values(stateOf(job).hosts ?? {}).map((st) => s.work.stop(st, { graceMs }).catch(() => undefined)),
      );
    },

    async cleanup(job: Job) {
      const state = stateOf(job);
      for (const [host, st] of Object.entries(state.hosts ?? {})) {
        s.followers.stop(`${job.id}/${host}`);
        await s.work.remove(st).catch(() => undefined);
      }
      if (state.network) await s.work.removeNetwork(state.network).catch(() => undefined);
      await removeTree(join(s.config.dataDir, 'work', job.id));
    },
  };
}
