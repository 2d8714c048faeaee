// Loads Prisma's WebAssembly schema engine. The CLI's native engine cannot be downloaded on
// these machines, so migrations are computed with the wasm build pinned to our prisma version.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';

export type Provider = 'sqlite' | 'postgresql';

const wasmDir = fileURLToPath(new URL('../node_modules/@prisma/schema-engine-wasm/', import.meta.url));

let loaded: Promise<any> | undefined;
function loadEngineModule(): Promise<any> {
  loaded ??= instantiate();
  return loaded;
}

async function instantiate(): Promise<any> {
  // The engine reports panics through this global; without it a panic hides its own message.
  (globalThis as any).PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (message: string) => console.error(`schema engine panic: ${message}`),
  };
  const bg: any = await import(wasmDir + 'schema_engine_bg.js');
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmDir + 'schema_engine_bg.wasm'), {
    './schema_engine_bg.js': bg,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as any).__wbindgen_start?.();
  return bg;
}

// The PostgreSQL engine insists on a live connection even for a pure diff; it reads nothing
// from it. Point it at a scratch database (scripts/setup-postgres.sh creates this one).
const scratchPgUrl =
  process.env.TESSERA_SCRATCH_PG_URL ?? 'postgresql://tessera:tessera@127.0.0.1:5432/tessera_scratch';

/**
 * SQL that takes a database from schema `from` (or empty) to schema `to`, computed from the two
 * schemas alone: no migration history or database contents are consulted.
 */
export async function diffSchemas(provider: Provider, from: string | null, to: string): Promise<string> {
  const bg = await loadEngineModule();
  const factory =
    provider === 'sqlite'
      ? new PrismaBetterSqlite3({ url: 'file::memory:' })
      : new PrismaPg({ connectionString: scratchPgUrl });
  const engine = await bg.SchemaEngine.new(
    { datamodels: [['schema.prisma', to]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  const target = (content: string) => ({ tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] });
  const result = await engine.diff({
    from: from === null ? { tag: 'empty' } : target(from),
    to: target(to),
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  return result.stdout as string;
}
