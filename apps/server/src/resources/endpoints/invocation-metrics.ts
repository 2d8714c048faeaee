// Invocations, errors and model latency per endpoint, variant and minute, for the last three hours:
// what Studio's endpoint view charts (CloudWatch's AWS/SageMaker Invocations, Invocation4XXErrors,
// Invocation5XXErrors, ModelLatency). The router's counts are taken away by the autoscaler each
// window, so they cannot serve as history; this keeps its own.
//
// In memory only, on purpose: a restart (or another replica of the server) starts with an empty
// chart. That is acceptable for a view of what an endpoint is doing now, and it keeps a database
// write off every invocation, the hot path. Nothing decides anything from these figures — billing
// is the usage meter's (UsageRecord rows), scaling the autoscaler's — so nothing is lost that matters.

export const WINDOW_MINUTES = 180;
const MINUTE_MS = 60_000;
const SWEEP_MS = 5 * MINUTE_MS;

export interface MinuteBucket {
  /** Start of the minute, epoch ms. */
  minute: number;
  invocations: number;
  errors4xx: number;
  errors5xx: number;
  /** Every invocation answered with ModelError: the model's 4xx and 5xx, and no answer at all. */
  modelErrors: number;
  /** Over the invocations the model answered. */
  latencySumMs: number;
  latencyMaxMs: number;
  answered: number;
}

export interface InvocationOutcome {
  endpoint: string;
  variant: string;
  /** The model's HTTP status; undefined when it could not be reached. */
  status: number | undefined;
  latencyMs: number;
}

export function createInvocationMetrics(now: () => number = Date.now) {
  /** endpoint → variant → minute → bucket */
  const series = new Map<string, Map<string, Map<number, MinuteBucket>>>();
  const startedAt = now();
  let swept = startedAt;

  const oldest = () => Math.floor(now() / MINUTE_MS) * MINUTE_MS - (WINDOW_MINUTES - 1) * MINUTE_MS;

  function prune(endpoint: string) {
    const variants = series.get(endpoint);
    if (!variants) return;
    const from = oldest();
    for (const [name, minutes] of variants) {
      for (const m of minutes.keys()) if (m < from) minutes.delete(m);
      if (!minutes.size) variants.delete(name);
    }
    if (!variants.size) series.delete(endpoint);
  }

  return {
    record(o: InvocationOutcome) {
      const minute = Math.floor(now() / MINUTE_MS) * MINUTE_MS;
      let variants = series.get(o.endpoint);
      if (!variants) series.set(o.endpoint, (variants = new Map()));
      let minutes = variants.get(o.variant);
      if (!minutes) variants.set(o.variant, (minutes = new Map()));
      let b = minutes.get(minute);
      if (!b) {
        b = {
          minute,
          invocations: 0,
          errors4xx: 0,
          errors5xx: 0,
          modelErrors: 0,
          latencySumMs: 0,
          latencyMaxMs: 0,
          answered: 0,
        };
        minutes.set(minute, b);
      }
      b.invocations++;
      if (o.status === undefined || o.status < 200 || o.status >= 300) b.modelErrors++;
      if (o.status !== undefined && o.status >= 400 && o.status < 500) b.errors4xx++;
      if (o.status !== undefined && o.status >= 500) b.errors5xx++;
      if (o.status !== undefined) {
        b.answered++;
        b.latencySumMs += o.latencyMs;
        b.latencyMaxMs = Math.max(b.latencyMaxMs, o.latencyMs);
      }
      // Endpoints that are deleted or idle would otherwise keep their last buckets forever.
      if (now() - swept > SWEEP_MS) {
        swept = now();
        for (const name of [...series.keys()]) prune(name);
      }
    },

    /** Each variant's buckets from `since` (epoch ms) on, oldest first; minutes without invocations are absent. */
    read(endpoint: string, since: number): { variant: string; buckets: MinuteBucket[] }[] {
      prune(endpoint);
      const variants = series.get(endpoint);
      if (!variants) return [];
      return [...variants].map(([variant, minutes]) => ({
        variant,
        buckets: [...minutes.values()].filter((b) => b.minute >= since).sort((a, b) => a.minute - b.minute),
      }));
    },

    /** Since when figures are kept: the window, or this server's start if that is later. */
    keptSince: () => Math.max(oldest(), Math.floor(startedAt / MINUTE_MS) * MINUTE_MS),
  };
}
export type InvocationMetrics = ReturnType<typeof createInvocationMetrics>;
