import { defineConfig } from 'vitest/config';

/**
 * The desktop app's end-to-end smoke test (Playwright's `_electron`). Needs Electron's runtime,
 * which only a machine that can reach Electron's download host has (the release workflow); the
 * spec reports itself skipped, with the reason, everywhere else.
 */
export default defineConfig({
  test: {
    include: ['e2e/electron/**/*.electron.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
