import { defineConfig } from 'vitest/config';

// The DuckDB native addon is not safe in worker threads, so tests run in forked processes.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
