// Several servers' reconcilers on one database (the database the suite runs on): leases keep each
// key on one server at a time, a holder that stops renewing loses its keys to another server, and
// a server told of a key another holds passes the word to that holder (NOTIFY, on PostgreSQL).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@tessera/db';
import { createPgDatabase, testDatabase, waitFor } from '@tessera/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/platform/logger.ts';
import { createMetrics } from '../src/platform/metrics.ts';
import { createLeases, isMembership, type Leases } from '../src/platform/reconcile/leases.ts';
import { coordinateThroughPostgres, type Coordination } from '../src/platform/reconcile/postgres-coordination.ts';
import {
  createReconciler,
  parseLeaseKey,
  type ReconcileFn,
  type Reconciler,
} from '../src/platform/reconcile/runner.ts';
import { useCleanups } from './harness.ts';

const cleanup = useCleanups();
const logger = createLogger('silent');
const TTL = 600;
let database: Database;
let dropDb: () => Promise<void>;

beforeAll(async () => {
  const pg = await testDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'tessera-leases-'));
  database = await openDatabase(pg.url ?? `file:${join(dir, 'db.sqlite')}`);
  dropDb = async () => {
    await pg.drop();
    rmSync(dir, { recursive: true, force: true });
  };
});
afterAll(async () => {
  await database.close();
  await dropDb();
});

/** One server's reconciler with leases held as `name`. */
async function server(name: string, fn: ReconcileFn, heldElsewhere?: (kind: string, id: string, h: string) => void) {
  const leases: Leases = createLeases({ db: database.prisma, logger, ttlMs: TTL });
  const runner: Reconciler = createReconciler({
    kinds: { thing: fn },
    logger,
    metrics: createMetrics(),
    leases,
    ...(heldElsewhere ? { heldElsewhere } : {}),
  });
  await leases.start(name, (key) => {
    if (isMembership(key)) return;
    const { kind, id } = parseLeaseKey(key);
    runner.enqueue(kind, id);
  });
  cleanup(async () => {
    await runner.stop();
    await leases.stop();
  });
  return { leases, runner };
}

const leaseOf = (id: string) => database.prisma.reconcileLease.findUnique({ where: { key: `thing/${id}` } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reconcile leases', () => {
  it('never let two servers act on one key at once, and each key still gets looked at', async () => {
    const running = new Map<string, number>();
    const runs: string[] = [];
    let overlap = 0;
    const step =
      (who: string): ReconcileFn =>
      async (id) => {
        const n = (running.get(id) ?? 0) + 1;
        running.set(id, n);
        if (n > 1) overlap++;
        runs.push(`${who}:${id}`);
        await sleep(30);
        running.set(id, running.get(id)! - 1);
      };
    const a = await server('overlap-a', step('a'));
    const b = await server('overlap-b', step('b'));
    const ids = Array.from({ length: 12 }, (_, i) => `o${i}`);
    for (let round = 0; round < 5; round++) {
      for (const id of ids) {
        a.runner.enqueue('thing', id);
        b.runner.enqueue('thing', id);
      }
      await Promise.all([a.runner.idle(), b.runner.idle()]);
    }
    expect(overlap).toBe(0);
    for (const id of ids) expect(runs.some((r) => r.endsWith(`:${id}`))).toBe(true);
    // Both servers did some of the work: neither is a bystander.
    expect(runs.some((r) => r.startsWith('a:'))).toBe(true);
    expect(runs.some((r) => r.startsWith('b:'))).toBe(true);
    await waitFor(async () => ((await leaseOf('o0')) === null ? true : undefined), 'idle keys released');
  });

  it('keep a lease renewed while its key waits for its next look, and give it up when nothing is planned', async () => {
    let looks = 0;
    const a = await server('renew-a', async () => (++looks < 6 ? { requeueAfterMs: TTL / 2 } : undefined));
    a.runner.enqueue('thing', 'r1');
    await waitFor(async () => (looks >= 2 ? true : undefined), 'second look');
    const first = await leaseOf('r1');
    expect(first?.holder).toBe('renew-a');
    await sleep(TTL);
    const later = await leaseOf('r1');
    expect(later?.holder).toBe('renew-a');
    expect(later!.expiresAt.getTime()).toBeGreaterThan(first!.expiresAt.getTime()); // renewed, not expired
    expect(later!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    await waitFor(async () => (looks >= 6 ? true : undefined), 'last look');
    await a.runner.idle();
    await waitFor(async () => ((await leaseOf('r1')) === null ? true : undefined), 'lease released');
  });

  it('take over a key whose holder stopped renewing, once its lease expires, and not before', async () => {
    const seen: string[] = [];
    const told: string[] = [];
    await database.prisma.reconcileLease.create({
      data: { key: 'thing/t1', holder: 'dead-server', expiresAt: new Date(Date.now() + TTL) },
    });
    const b = await server(
      'takeover-b',
      async (id) => {
        seen.push(id);
      },
      (_kind, id, holder) => told.push(`${holder}:${id}`),
    );
    const asked = Date.now();
    b.runner.enqueue('thing', 't1');
    await b.runner.idle();
    expect(seen).toEqual([]); // the holder's lease is still live
    expect(told).toEqual(['dead-server:t1']);
    await waitFor(async () => (seen.length ? true : undefined), 'taken over');
    expect(Date.now() - asked).toBeGreaterThanOrEqual(TTL - 50);
    expect(seen).toEqual(['t1']);
  });

  it('leave alone an expired lease of a kind this server does not know, and keep running', async () => {
    await database.prisma.reconcileLease.create({
      data: { key: 'pipelineExecution/p1', holder: 'newer-server', expiresAt: new Date(Date.now() - 1_000) },
    });
    const seen: string[] = [];
    const older = await server('older-server', async (id) => {
      seen.push(id);
    });
    await sleep(TTL * 2); // two looks for expired leases
    await older.runner.idle();
    expect(seen).toEqual([]);
    const row = await database.prisma.reconcileLease.findUnique({ where: { key: 'pipelineExecution/p1' } });
    expect(row?.holder).toBe('newer-server');
  });

  it('let a server restarted under its old name take back what its previous process held at once', async () => {
    await database.prisma.reconcileLease.create({
      data: { key: 'thing/s1', holder: 'restarted', expiresAt: new Date(Date.now() + 60_000) },
    });
    const seen: string[] = [];
    const again = await server('restarted', async (id) => {
      seen.push(id);
    });
    again.runner.enqueue('thing', 's1');
    await again.runner.idle();
    expect(seen).toEqual(['s1']);
  });
});

describe('reconcile coordination through PostgreSQL', () => {
  it("tells the key's holder to look at it when another server is asked to", async () => {
    const pg = await createPgDatabase();
    cleanup(() => pg.drop());
    const db = await openDatabase(pg.url);
    cleanup(() => db.close());
    const looks: string[] = [];
    const servers = [] as { runner: Reconciler; coordination: Coordination; close(): Promise<void> }[];
    const answered: string[] = [];
    for (const name of ['x', 'y']) {
      const coordination = coordinateThroughPostgres({ db: db.prisma, url: pg.url, logger, ttlMs: 10_000 });
      const runner = createReconciler({
        kinds: {
          thing: async (id) => {
            looks.push(`${name}:${id}`);
            return { requeueAfterMs: 60_000 }; // holds the key: its next look is far away
          },
        },
        logger,
        metrics: createMetrics(),
        leases: coordination.leases,
        heldElsewhere: coordination.heldElsewhere,
      });
      await coordination.start(name, (kind, id) => runner.enqueue(kind, id));
      coordination.answer('topic', async (p) => {
        await new Promise((r) => setTimeout(r, 200));
        answered.push(`${name}:${JSON.stringify(p)}`);
      });
      servers.push({ runner, coordination, close: coordination.close });
      cleanup(async () => {
        await runner.stop();
        await coordination.close();
      });
    }
    const [x, y] = servers as [(typeof servers)[0], (typeof servers)[0]];
    x.runner.enqueue('thing', 'k');
    await waitFor(async () => (looks.includes('x:k') ? true : undefined), 'x looks');
    y.runner.enqueue('thing', 'k'); // y serves a request about k: x, the holder, must look again
    await waitFor(async () => (looks.filter((l) => l === 'x:k').length === 2 ? true : undefined), 'x told');
    expect(looks).toEqual(['x:k', 'x:k']);
    // Each knows the other is alive, and a question to the others waits for their answer.
    expect(await x.coordination.leases.peers()).toEqual(['y']);
    expect(await y.coordination.askPeers('topic', [1, 2], 5_000)).toEqual({ missing: [] });
    expect(answered).toEqual(['x:[1,2]']);
    // A graceful stop lets x's leases expire at once: y takes k over by itself, asked by no one.
    await x.runner.stop();
    await x.close();
    await waitFor(async () => (looks.includes('y:k') ? true : undefined), 'y takes over', 15_000, 100);
    expect(await y.coordination.leases.peers()).toEqual([]); // x left: nobody to ask
    expect(await y.coordination.askPeers('topic', 3, 5_000)).toEqual({ missing: [] });
  });
});
