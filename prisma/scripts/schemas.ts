// The source schema is written for SQLite; the PostgreSQL one is derived from it, because a
// Prisma schema names exactly one provider (and a client generated for one refuses the other).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Provider } from './engine.ts';

export const prismaDir = fileURLToPath(new URL('..', import.meta.url));

export function sourceSchema(): string {
  return readFileSync(prismaDir + 'schema.prisma', 'utf8');
}

export function schemaFor(provider: Provider, source = sourceSchema()): string {
  if (provider === 'sqlite') return source;
  return source
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('output       = "./generated/sqlite"', 'output       = "./postgresql"');
}
