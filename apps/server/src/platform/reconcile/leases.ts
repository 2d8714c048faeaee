// Leases on reconcile keys, in the database, for several servers on one database: a server acts on
// a key only while it holds the key's lease, so no two servers reconcile one resource at once. The
// holder renews every lease it holds every third of the lease's life; a server that dies stops
// renewing, and once its leases expire any other server takes them over (each server looks for
// expired leases every half life). A holder name is unique among live servers (host and port): a
// server restarted under its old name drops what its previous process held at once. Each server
// also holds `server/<name>` while it runs, which is how servers know who else is alive.
// Clocks: expiry times are written by each server's clock, so servers' clocks must agree to well
// within the lease's life (NTP does).
import type { Db } from '@tessera/db';
import type { Logger } from '../logger.ts';

export type Acquired = { held: true } | { held: false; holder: string };

export interface Leases {
  /** Takes `key`'s lease (or renews it) unless another live server holds it; waits for `start`. */
  acquire(key: string): Promise<Acquired>;
  release(key: string): Promise<void>;
  /**
   * Begins holding as `holder`; `onExpired` hears each resource key whose holder stopped renewing.
   * `memberships` are further keys this server holds while it runs (`gateway/<host>:<port>`).
   */
  start(holder: string, onExpired: (key: string) => void, memberships?: string[]): Promise<void>;
  /** Lets every lease this server holds expire now, so other servers take them over at their next look. */
  stop(): Promise<void>;
  /** The other servers alive now: each holds a membership lease (`server/<name>`) while it runs. */
  peers(): Promise<string[]>;
  /** Whether another live server holds `key` now. */
  heldByPeer(key: string): Promise<boolean>;
  /** What follows `prefix` in the live membership keys that start with it (every server's, this one's too). */
  members(prefix: string): Promise<string[]>;
}

/** Keys that say a server is alive, not that it works on a resource. */
export const MEMBER = 'server/';
export const MEMBERSHIP_PREFIXES = [MEMBER, 'gateway/'];
export const isMembership = (key: string) => MEMBERSHIP_PREFIXES.some((p) => key.startsWith(p));

export const LEASE_TTL_MS = 15_000;

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'P2002';

export function createLeases(deps: { db: Db; logger: Logger; ttlMs?: number }): Leases {
  const { db, logger } = deps;
  const ttlMs = deps.ttlMs ?? LEASE_TTL_MS;
  let holder: string | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  const timers: NodeJS.Timeout[] = [];
  const expiry = () => new Date(Date.now() + ttlMs);

  async function acquire(key: string): Promise<Acquired> {
    await ready;
    const me = holder!;
    const taken = await db.reconcileLease.updateMany({
      where: { key, OR: [{ holder: me }, { expiresAt: { lt: new Date() } }] },
      data: { holder: me, expiresAt: expiry() },
    });
    if (taken.count) return { held: true };
    try {
      await db.reconcileLease.create({ data: { key, holder: me, expiresAt: expiry() } });
      return { held: true };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const row = await db.reconcileLease.findUnique({ where: { key } });
      // Released between the two statements: the next look takes it.
      return { held: false, holder: row?.holder ?? '' };
    }
  }

  let memberKeys: string[] = [];
  /** This server's membership leases, made again if another server swept them while this one stalled. */
  const member = async () => {
    for (const key of memberKeys)
      await db.reconcileLease.upsert({
        where: { key },
        create: { key, holder: holder!, expiresAt: expiry() },
        update: { holder, expiresAt: expiry() },
      });
  };

  async function renew() {
    try {
      await db.reconcileLease.updateMany({ where: { holder }, data: { expiresAt: expiry() } });
      await member();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'reconcile leases: renewal failed');
    }
  }

  return {
    acquire,
    async release(key) {
      await db.reconcileLease.deleteMany({ where: { key, holder } });
    },
    async start(name, onExpired, memberships = []) {
      holder = name;
      memberKeys = [`${MEMBER}${name}`, ...memberships];
      const dropped = await db.reconcileLease.deleteMany({ where: { holder } });
      await member();
      if (dropped.count)
        logger.info({ holder, leases: dropped.count }, 'dropped the leases of this server before it restarted');
      markReady();
      const renewal = setInterval(() => void renew(), Math.max(100, ttlMs / 3));
      const takeover = setInterval(
        async () => {
          try {
            const now = new Date();
            // A server that stopped renewing is no longer a member; its other leases are taken over.
            await db.reconcileLease.deleteMany({
              where: { OR: MEMBERSHIP_PREFIXES.map((p) => ({ key: { startsWith: p } })), expiresAt: { lt: now } },
            });
            const expired = await db.reconcileLease.findMany({
              where: { expiresAt: { lt: now } },
              select: { key: true },
              take: 1_000,
            });
            for (const { key } of expired) onExpired(key);
          } catch (err) {
            logger.warn({ err: (err as Error).message }, 'reconcile leases: looking for expired leases failed');
          }
        },
        Math.max(100, ttlMs / 2),
      );
      for (const t of [renewal, takeover]) {
        t.unref();
        timers.push(t);
      }
    },
    async peers() {
      const rows = await db.reconcileLease.findMany({
        where: { key: { startsWith: MEMBER }, expiresAt: { gte: new Date() }, NOT: { holder } },
        select: { holder: true },
      });
      return rows.map((r) => r.holder);
    },
    async heldByPeer(key) {
      const row = await db.reconcileLease.findUnique({ where: { key } });
      return !!row && row.holder !== holder && row.expiresAt >= new Date();
    },
    async members(prefix) {
      const rows = await db.reconcileLease.findMany({
        where: { key: { startsWith: prefix }, expiresAt: { gte: new Date() } },
        select: { key: true },
      });
      return rows.map((r) => r.key.slice(prefix.length));
    },
    async stop() {
      for (const t of timers.splice(0)) clearInterval(t);
      if (!holder) return;
      // Expired, not deleted: the other servers find expired leases and take their keys over.
      await db.reconcileLease
        .updateMany({ where: { holder }, data: { expiresAt: new Date(0) } })
        .catch(() => undefined);
    },
  };
}
