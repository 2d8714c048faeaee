// A throw-away PostgreSQL database per test file, on the cluster that scripts/test.sh starts.
import pg from 'pg';

export const PG_ADMIN_URL = process.env.TESSERA_TEST_PG_URL ?? 'postgresql://tessera:tessera@127.0.0.1:5432/postgres';

export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `tessera_test_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The database the integration suite runs against: TESSERA_TEST_DB=postgresql switches it. */
export async function testDatabase(): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  if (process.env.TESSERA_TEST_DB === 'postgresql') return createPgDatabase();
  return { url: undefined, drop: async () => {} };
}
