// Usage: pnpm --filter @tessera/db migration <name>
// Writes migrations/<provider>/<timestamp>_<name>/migration.sql for both providers. Each
// migration folder keeps the schema it was made from (schema.prisma), so the next migration is a
// pure schema-to-schema diff and needs no database.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { diffSchemas, type Provider } from './engine.ts';
import { prismaDir, schemaFor, sourceSchema } from './schemas.ts';

export function lastSnapshot(provider: Provider): string | null {
  const dir = `${prismaDir}migrations/${provider}`;
  if (!existsSync(dir)) return null;
  const folders = readdirSync(dir)
    .filter((f) => /^\d{14}_/.test(f))
    .sort();
  const last = folders.at(-1);
  return last ? readFileSync(`${dir}/${last}/schema.prisma`, 'utf8') : null;
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('usage: create-migration <snake_case_name>');
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  for (const provider of ['sqlite', 'postgresql'] as const) {
    const to = schemaFor(provider, sourceSchema());
    const sql = await diffSchemas(provider, lastSnapshot(provider), to);
    if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
      console.log(`${provider}: no changes`);
      continue;
    }
    const dir = `${prismaDir}migrations/${provider}/${stamp}_${name}`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/migration.sql`, sql);
    writeFileSync(`${dir}/schema.prisma`, to);
    console.log(`${provider}: wrote ${dir}/migration.sql`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
