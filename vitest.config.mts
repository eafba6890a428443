import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs nothing running; `integration` starts one real Temporal dev server and one
// real MongoDB-wire server for the whole run (test/setup/servers.ts) and shares them across files.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          pool: 'forks',
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          pool: 'forks',
          // Unit tests first: they are fast and say most about a broken rule.
          sequence: { groupOrder: 1 },
          globalSetup: ['test/setup/servers.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Two cores: each file runs its own worker, so more than two at once only adds contention.
          maxWorkers: 2,
        },
      },
    ],
  },
});
