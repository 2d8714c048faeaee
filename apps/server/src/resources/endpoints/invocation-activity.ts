// Tells an endpoint's page that its figures moved, through the events socket: at most one
// `endpoint.invocations` event per endpoint every couple of seconds, however busy it is, sent a
// moment after the first invocation of the burst. Studio then reads the figures again; nothing is
// polled, and the hot path pays one Map lookup per invocation.
import type { EventBus } from '../../platform/events/bus.ts';

export const ACTIVITY_EVERY_MS = 2_000;

export interface InvokedEndpoint {
  name: string;
  arn: string;
  ownerUserId: string | null;
}

export function createInvocationActivity(events: Pick<EventBus, 'publish'>, everyMs = ACTIVITY_EVERY_MS) {
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  return {
    touched(e: InvokedEndpoint): void {
      if (pending.has(e.arn)) return;
      const timer = setTimeout(() => {
        pending.delete(e.arn);
        events.publish({
          type: 'endpoint.invocations',
          resourceArn: e.arn,
          detail: { name: e.name },
          audienceUserIds: e.ownerUserId ? [e.ownerUserId] : [],
        });
      }, everyMs);
      timer.unref();
      pending.set(e.arn, timer);
    },
    stop(): void {
      for (const t of pending.values()) clearTimeout(t);
      pending.clear();
    },
  };
}
export type InvocationActivity = ReturnType<typeof createInvocationActivity>;
