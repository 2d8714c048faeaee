// Which instance serves an invocation. The endpoint's live fleet is cached for a second (the hot
// path reads no database) and dropped at once when this server changes it. Variants are chosen by
// weight, instances round-robin; in-flight requests are counted per instance so a blue/green swap
// stops an old instance only when it has finished what it was given.
import type { DataCaptureConfig } from '@tessera/contracts';
import type { Services } from '../services.ts';
import type { Fleet, Instance, VariantFleet } from './fleet-shape.ts';
import { captureOf } from './origin.ts';

export interface Route {
  endpoint: { name: string; arn: string; ownerUserId: string | null; status: string };
  capture: DataCaptureConfig | undefined;
  fleet: Fleet | undefined;
}

const TTL_MS = 1_000;

export function createRouter(s: Pick<Services, 'db'>) {
  const cache = new Map<string, { at: number; route: Route | undefined }>();
  const inflight = new Map<string, number>();
  const rr = new Map<string, number>();
  /** Invocations per endpoint/variant since the autoscaler last read them. */
  const counts = new Map<string, number>();

  async function load(name: string): Promise<Route | undefined> {
    const row = await s.db.endpoint.findUnique({ where: { name } });
    if (!row || row.desiredState === 'Deleted') return undefined;
    const fleet = row.variants as unknown as Fleet | null;
    return {
      endpoint: { name: row.name, arn: row.arn, ownerUserId: row.ownerUserId, status: row.status },
      // The capture the live fleet was rolled out with, never the config that bears its name now.
      capture: captureOf(fleet?.origin),
      fleet: fleet ?? undefined,
    };
  }

  return {
    async lookup(name: string): Promise<Route | undefined> {
      const hit = cache.get(name);
      if (hit && Date.now() - hit.at < TTL_MS) return hit.route;
      const route = await load(name);
      cache.set(name, { at: Date.now(), route });
      return route;
    },

    invalidate(name: string) {
      cache.delete(name);
    },

    /** A variant (the named one, or by weight) and one of its instances; undefined when none can serve. */
    pick(fleet: Fleet, target?: string, avoid?: string): { variant: VariantFleet; instance: Instance } | undefined {
      const serving = fleet.variants.filter((v) => v.instances.length > 0);
      let variant: VariantFleet | undefined;
      if (target) variant = serving.find((v) => v.name === target);
      else {
        const total = serving.reduce((sum, v) => sum + v.weight, 0);
        if (total <= 0) return undefined;
        let r = Math.random() * total;
        for (const v of serving) {
          r -= v.weight;
          if (r < 0 && v.weight > 0) {
            variant = v;
            break;
          }
        }
        variant ??= serving.filter((v) => v.weight > 0).at(-1);
      }
      if (!variant) return undefined;
      const candidates =
        variant.instances.length > 1 && avoid ? variant.instances.filter((i) => i.id !== avoid) : variant.instances;
      const key = `${fleet.configName}/${variant.name}`;
      const n = (rr.get(key) ?? 0) + 1;
      rr.set(key, n);
      return { variant, instance: candidates[n % candidates.length]! };
    },

    begin(endpoint: string, variant: string, instanceId: string) {
      inflight.set(instanceId, (inflight.get(instanceId) ?? 0) + 1);
      const key = `${endpoint}\0${variant}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    end(instanceId: string) {
      const n = (inflight.get(instanceId) ?? 1) - 1;
      if (n <= 0) inflight.delete(instanceId);
      else inflight.set(instanceId, n);
    },

    /** Resolves when none of `ids` has a request in flight (or after `timeoutMs`). */
    async drained(ids: string[], timeoutMs = 30_000): Promise<void> {
      const until = Date.now() + timeoutMs;
      // The cache may still hand out the old fleet for one TTL: wait that long first.
      await new Promise((r) => setTimeout(r, TTL_MS + 50));
      while (ids.some((id) => inflight.has(id)) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    },

    /** Gives back counts taken but not recorded (the database was unreachable). */
    restoreCounts(taken: Map<string, number>) {
      for (const [key, n] of taken) counts.set(key, (counts.get(key) ?? 0) + n);
    },

    /** Invocations of each endpoint/variant since the last call (for autoscaling). */
    takeCounts(): Map<string, number> {
      const out = new Map(counts);
      counts.clear();
      return out;
    },
  };
}
export type Router = ReturnType<typeof createRouter>;
