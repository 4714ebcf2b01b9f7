import { defineConfig } from 'vitest/config';

// Browser tests: one fork, one file at a time, generous timeouts (a real server, a real Chromium).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
  },
});
