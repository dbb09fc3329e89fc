import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // SHIPSHAPE_TEST_ENGINE=postgres: one PostgreSQL server for the run (tests/setup/postgres-engine.ts).
    globalSetup: ['tests/setup/postgres-engine.ts'],
  },
});
