// Applies the committed migrations at start-up, recording them in `_prisma_migrations` the way
// Prisma's own migrate does, so a new user never runs a migration command by hand and the
// history stays readable by Prisma's tooling. Each migration runs in its own transaction; on
// PostgreSQL an advisory lock keeps two servers starting together from racing.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import pg from 'pg';

export type Provider = 'sqlite' | 'postgresql';

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATION_LOCK_ID = 72707369; // the id Prisma's own migrate uses for its advisory lock

export function loadMigrations(provider: Provider): Migration[] {
  const dir = fileURLToPath(new URL(`../migrations/${provider}/`, import.meta.url));
  return readdirSync(dir)
    .filter((f) => /^\d{14}_/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(`${dir}${name}/migration.sql`, 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const historyTable = (timestamp: string) => `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" ${timestamp},
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" ${timestamp},
  "started_at" ${timestamp} NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

function checkHistory(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  for (const m of migrations) {
    const recorded = applied.get(m.name);
    if (recorded && recorded !== m.checksum) {
      throw new Error(`migration ${m.name} was changed after it was applied; add a new migration instead`);
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

export function migrateSqlite(file: string): string[] {
  const db = new Sqlite(file);
  try {
    db.pragma('journal_mode = WAL'); // persistent: readers never block the writer
    db.exec(historyTable('DATETIME'));
    const done: string[] = [];
    const run = db.transaction(() => {
      const rows = db
        .prepare(
          'SELECT migration_name, checksum FROM "_prisma_migrations" ' +
            'WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL',
        )
        .all() as { migration_name: string; checksum: string }[];
      const pending = checkHistory(new Map(rows.map((r) => [r.migration_name, r.checksum])), loadMigrations('sqlite'));
      for (const m of pending) {
        db.exec(m.sql);
        db.prepare(
          'INSERT INTO "_prisma_migrations" ' +
            '(id, checksum, finished_at, migration_name, started_at, applied_steps_count) ' +
            'VALUES (?, ?, CURRENT_TIMESTAMP, ?, CURRENT_TIMESTAMP, 1)',
        ).run(randomUUID(), m.checksum, m.name);
        done.push(m.name);
      }
    });
    run.immediate();
    return done;
  } finally {
    db.close();
  }
}

export async function migratePostgres(connectionString: string): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await client.query(historyTable('TIMESTAMPTZ'));
    const { rows } = await client.query(
      'SELECT migration_name, checksum FROM "_prisma_migrations" ' +
        'WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL',
    );
    const pending = checkHistory(
      new Map(rows.map((r) => [r.migration_name, r.checksum])),
      loadMigrations('postgresql'),
    );
    const done: string[] = [];
    for (const m of pending) {
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          'INSERT INTO "_prisma_migrations" ' +
            '(id, checksum, finished_at, migration_name, started_at, applied_steps_count) ' +
            'VALUES ($1, $2, now(), $3, now(), 1)',
          [randomUUID(), m.checksum, m.name],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(err as Error).message}`);
      }
      done.push(m.name);
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
    await client.end();
  }
}
