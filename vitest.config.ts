import { defineConfig } from 'vitest/config';

// The DuckDB native addon is not safe in worker threads, so tests run in forked processes.
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser tests wait for the page with expect.poll; Vitest's 1 s default is shorter than a
    // debounced re-check plus a model run takes on a loaded two-core CI machine.
    expect: { poll: { timeout: 20_000 } },
  },
});
