import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['runtime/src/**/*.test.ts', 'compiler/src/**/*.test.ts', 'cli/src/**/*.test.ts', 'extensions/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Most e2e files wait on child processes and brokers, not the CPU: running one file at a time (the
    // default on two cores) left a core idle and took the suite to ~9 min.
    maxWorkers: 3,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
