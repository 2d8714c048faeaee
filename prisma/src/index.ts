// Opens the database named by a URL (SQLite file or PostgreSQL), applies pending migrations and
// returns a Prisma client. Both generated clients have the same model API; the rest of the code
// is written against the SQLite one's types.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/sqlite/client.ts';
import { PrismaClient as PgPrismaClient } from '../generated/postgresql/client.ts';
import { migratePostgres, migrateSqlite, type Provider } from './migrate.ts';

export type Db = PrismaClient;
export { Prisma } from '../generated/sqlite/client.ts';
export type * from '../generated/sqlite/client.ts';
export type { Provider };

export interface Database {
  prisma: Db;
  provider: Provider;
  migrationsApplied: string[];
  close(): Promise<void>;
}

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  if (url.startsWith('file:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// — got "${url.split(':')[0]}:..."`);
}

export async function openDatabase(url: string): Promise<Database> {
  const provider = providerOf(url);
  let prisma: Db;
  let migrationsApplied: string[];
  if (provider === 'sqlite') {
    const file = url.slice('file:'.length);
    migrationsApplied = migrateSqlite(file);
    prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file }) });
  } else {
    migrationsApplied = await migratePostgres(url);
    prisma = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
  }
  await prisma.$connect();
  return { prisma, provider, migrationsApplied, close: () => prisma.$disconnect() };
}
