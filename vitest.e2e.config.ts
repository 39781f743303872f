import { defineConfig } from 'vitest/config';

/** End-to-end tests: `tailstream serve` as a child process, driven through real headless Chromium. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser at a time: the machine has two cores and the tests measure real behaviour.
    fileParallelism: false,
  },
});
