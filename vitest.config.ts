import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['runtime/src/**/*.test.ts', 'compiler/src/**/*.test.ts', 'cli/src/**/*.test.ts', 'extensions/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
