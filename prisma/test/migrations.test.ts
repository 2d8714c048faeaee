import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { createPgDatabase } from '@tessera/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSchemas } from '../scripts/engine.ts';
import { lastSnapshot } from '../scripts/create-migration.ts';
import { schemaFor } from '../scripts/schemas.ts';
import { loadMigrations, migratePostgres, migrateSqlite } from '../src/migrate.ts';
import { openDatabase } from '../src/index.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDb = () => {
  const d = mkdtempSync(join(tmpdir(), 'tessera-migrate-'));
  dirs.push(d);
  return join(d, 'test.db');
};

describe('committed migrations', () => {
  it.each(['sqlite', 'postgresql'] as const)(
    'match schema.prisma for %s (run `pnpm db:migration <name>` after changing it)',
    async (provider) => {
      const sql = await diffSchemas(provider, lastSnapshot(provider), schemaFor(provider));
      expect(sql.trim()).toMatch(/^(-- This is an empty migration\.)?$/);
    },
  );

  it(
    'apply to a fresh SQLite database once, ' + 'record history as Prisma does, and are a no-op the second time',
    async () => {
      const file = tempDb();
      const applied = migrateSqlite(file);
      expect(applied).toEqual(loadMigrations('sqlite').map((m) => m.name));
      expect(migrateSqlite(file)).toEqual([]);
      const db = new Sqlite(file);
      const history = db.prepare('SELECT migration_name, checksum, finished_at FROM _prisma_migrations').all() as any[];
      expect(history.map((h) => h.migration_name)).toEqual(applied);
      expect(history.every((h) => /^[0-9a-f]{64}$/.test(h.checksum) && h.finished_at)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    },
  );

  it('refuse to start on a database whose applied migration was edited afterwards', async () => {
    const file = tempDb();
    migrateSqlite(file);
    const db = new Sqlite(file);
    db.prepare("UPDATE _prisma_migrations SET checksum = 'x'").run();
    db.close();
    expect(() => migrateSqlite(file)).toThrow(/was changed after it was applied/);
  });

  it('apply to PostgreSQL, safely when two servers start at once', async () => {
    const target = await createPgDatabase();
    try {
      const [a, b] = await Promise.all([migratePostgres(target.url), migratePostgres(target.url)]);
      expect([...a, ...b]).toEqual(loadMigrations('postgresql').map((m) => m.name));
      const c = new pg.Client({ connectionString: target.url });
      await c.connect();
      const { rows } = await c.query('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(rows[0].n).toBe(loadMigrations('postgresql').length);
      await c.end();
      const db = await openDatabase(target.url);
      expect(db.provider).toBe('postgresql');
      await db.prisma.setting.create({ data: { key: 'k', value: 'v' } });
      expect(await db.prisma.setting.count()).toBe(1);
      await db.close();
    } finally {
      await target.drop();
    }
  });

  it('opens by URL scheme and explains a wrong one', async () => {
    await expect(openDatabase('mysql://x')).rejects.toThrow(
      /DATABASE_URL must start with file: \(SQLite\) or postgresql:\/\//,
    );
    const db = await openDatabase(`file:${tempDb()}`);
    expect(db.provider).toBe('sqlite');
    // Cascades need SQLite's foreign keys on, which the adapter must have enabled.
    await db.prisma.user.create({ data: { id: 'u', username: 'u' } });
    await db.prisma.session.create({ data: { id: 's', userId: 'u', expiresAt: new Date(Date.now() + 1000) } });
    await db.prisma.user.delete({ where: { id: 'u' } });
    expect(await db.prisma.session.count()).toBe(0);
    await db.close();
  });
});
