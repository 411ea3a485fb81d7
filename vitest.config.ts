import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'agents/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/pg-global-setup.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
