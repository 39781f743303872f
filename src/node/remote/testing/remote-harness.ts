import { afterEach } from 'vitest';
import type { SourceProducer } from '../../source-sink.js';
import { createRemoteBridge, type RemoteSourceOptions } from '../remote-source.js';
import { RecordingSink } from '../../testing/recording-sink.js';
import { startTestServer, type TestServer } from './sse-test-server.js';

/** Fast reconnection for tests: the behaviour is the same, only the numbers are smaller. */
export const FAST: RemoteSourceOptions = { reconnectDelayMs: 20, maxReconnectDelayMs: 100 };

/** What a remote-source test file needs: test servers and bridges that are torn down after each test. */
export interface RemoteHarness {
  /** Cleanups run after each test, newest first; push your own onto it. */
  cleanups: Array<() => Promise<void>>;
  /** Starts a test SSE server that closes after the test. */
  server(handler: Parameters<typeof startTestServer>[0]): Promise<TestServer>;
  /** Starts a remote source on `url` (with {@link FAST} reconnection) into a fresh `RecordingSink`; stopped after the test. */
  bridge(url: string, options?: RemoteSourceOptions): { sink: RecordingSink; source: SourceProducer };
}

/**
 * Sets up the shared harness for a remote-source test file. Call once at the top level of the file:
 * it registers an `afterEach` that runs every cleanup, newest first.
 */
export function useRemoteHarness(): RemoteHarness {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function server(handler: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
    const s = await startTestServer(handler);
    cleanups.push(() => s.close());
    return s;
  }

  function bridge(url: string, options: RemoteSourceOptions = {}): { sink: RecordingSink; source: SourceProducer } {
    const sink = new RecordingSink();
    const source = createRemoteBridge(url, sink, { ...FAST, ...options });
    cleanups.push(() => source.close());
    source.start();
    return { sink, source };
  }

  return { cleanups, server, bridge };
}
