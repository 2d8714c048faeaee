// Generates both Prisma clients (SQLite and PostgreSQL) into prisma/generated/.
// `prisma generate` does not need the native schema engine, but the CLI insists on finding one:
// PRISMA_SCHEMA_ENGINE_BINARY points it at a stub it never runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { prismaDir, schemaFor } from './schemas.ts';

const generated = prismaDir + 'generated/';
mkdirSync(generated, { recursive: true });
const stub = generated + 'schema-engine-stub';
writeFileSync(stub, '#!/bin/sh\nexit 1\n', { mode: 0o755 });
writeFileSync(generated + 'schema.postgresql.prisma', schemaFor('postgresql'));

const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: stub,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
for (const schema of [prismaDir + 'schema.prisma', generated + 'schema.postgresql.prisma']) {
  execFileSync('pnpm', ['exec', 'prisma', 'generate', '--schema', schema], { cwd: prismaDir, env, stdio: 'inherit' });
}
