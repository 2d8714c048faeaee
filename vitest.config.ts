import { defineConfig } from 'vitest/config';

// One configuration for the workspace. Unit tests sit beside the code (*.test.ts under src/);
// integration tests (*.int.test.ts) boot the real server. TESSERA_TEST_DB=postgresql runs the
// integration suite against PostgreSQL instead of SQLite (scripts/test.sh runs both). The
// scripts' own tests (*.test.mjs under scripts/) run with the unit tests.
export default defineConfig({
  test: {
    include: [
      'apps/*/src/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      'prisma/test/**/*.test.ts',
      'scripts/**/*.test.mjs',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
