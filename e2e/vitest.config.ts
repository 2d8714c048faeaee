import { defineConfig } from 'vitest/config';

// One real server and real Chromium per file; slow by nature (kernels start real apps).
export default defineConfig({
  test: {
    include: ['*.spec.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    reporters: ['verbose'],
  },
});
