import { defineConfig } from 'vitest/config';

// Three projects: `unit` needs nothing running; `workflow` runs the real workflows against stubbed activities
// with no MongoDB, each file on a Temporal server of its own (journeys on the time-skipping test server, the
// customer workflow on the dev server); `integration` starts one real Temporal dev server and one real
// MongoDB-wire server for the whole run (test/setup/servers.ts) and shares them across files.
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
          name: 'workflow',
          include: ['test/workflow/**/*.test.ts'],
          pool: 'forks',
          sequence: { groupOrder: 1 },
          // The workflow bundle, made once for the run.
          globalSetup: ['test/setup/workflowBundle.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: each file runs its own server and worker.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'integration',
          // test/browser: the dashboard in Debian's Chromium against the same real stack.
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          pool: 'forks',
          // Unit tests first, then workflow tests: the faster tier says most about a broken rule.
          sequence: { groupOrder: 2 },
          globalSetup: ['test/setup/servers.ts', 'test/setup/webBuild.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Two cores: each file runs its own worker, so more than two at once only adds contention.
          maxWorkers: 2,
        },
      },
    ],
  },
});
