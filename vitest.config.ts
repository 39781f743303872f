import { defineConfig } from 'vitest/config';

/** Unit and integration tests: plain Node, real files, real servers on port 0. */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/**/*.test.ts', 'scripts/**/*.test.ts', 'assets/**/*.test.ts'],
    // A real server for tests that cannot start one themselves (the renderer's stream tests).
    globalSetup: ['test/support/feed-fixture.global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
