// One follower per running container: its output goes to the log store (and from there to the
// CloudWatch Logs API and the events socket) and through `onLines` (metric extraction). After a
// restart a follower resumes after the newest stored line, so nothing is stored twice.
import type { InstanceState, LogLine, Runtime } from '../../runtime/contract.ts';
import type { Logger } from '../../platform/logger.ts';
import type { LogStore } from '../../platform/logs/log-store.ts';

export interface FollowTarget {
  runtime: Pick<Runtime, 'followLogs'>;
  state: InstanceState;
  group: string;
  stream: string;
  owner: { ownerUserId: string | null; resourceArn: string };
  onLines?: (lines: LogLine[]) => Promise<void>;
}

export interface LogFollowers {
  /** Starts following unless a follower for `key` runs already. */
  follow(key: string, target: FollowTarget): void;
  /** Resolves once the follower of `key` has stored the container's last line (its output ended). */
  drained(key: string): Promise<void>;
  stop(key: string): void;
  stopAll(): void;
}

export function createLogFollowers(deps: { logs: LogStore; logger: Logger }): LogFollowers {
  const active = new Map<string, { done: Promise<void>; abort: AbortController }>();
  return {
    follow(key, t) {
      if (active.has(key)) return;
      const abort = new AbortController();
      const done = (async () => {
        const since = (await deps.logs.lastTimestamp(t.group, t.stream)) ?? 0;
        await t.runtime.followLogs(
          t.state,
          since,
          async (lines) => {
            await deps.logs.append(t.group, t.stream, lines, t.owner);
            await t.onLines?.(lines);
          },
          abort.signal,
        );
      })().catch((err) =>
        deps.logger.warn({ err, group: t.group, stream: t.stream }, 'following container output failed'),
      );
      active.set(key, { done, abort });
      void done.finally(() => {
        if (active.get(key)?.done === done) active.delete(key);
      });
    },
    async drained(key) {
      await active.get(key)?.done;
    },
    stop(key) {
      active.get(key)?.abort.abort();
      active.delete(key);
    },
    stopAll() {
      for (const { abort } of active.values()) abort.abort();
      active.clear();
    },
  };
}
