import type { TestProject } from 'vitest/node';
import { FeedFixture, type FeedFixtureAddress } from './feed-fixture.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the renderer's stream tests find a real server (see feed-fixture.ts). */
    feedFixture: FeedFixtureAddress;
  }
}

/**
 * Vitest global setup: one {@link FeedFixture} for the run, its address given to tests with
 * `inject('feedFixture')`. Starting it costs a few milliseconds; it listens on 127.0.0.1 only.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { fixture, address } = await FeedFixture.start();
  project.provide('feedFixture', address);
  return () => fixture.close();
}
