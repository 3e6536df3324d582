import { defineConfig } from 'vitest/config';

/** What loads the whole machine (the kernel's socket memory): run after everything else, alone. */
const ALONE = ['test/stream-memory.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    // a state a test waits for may take a while on a loaded machine: wait up to 20 s for it
    // (an assertion that holds is seen at the next poll, so a quiet machine waits no longer)
    expect: { poll: { timeout: 20_000 } },
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'e2e/**/*.test.ts'],
          exclude: ALONE,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
