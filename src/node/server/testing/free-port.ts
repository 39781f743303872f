import { createServer } from 'node:net';

/**
 * Test support: a loopback port that was free a moment ago, for a test that must start a server
 * on a port it knows in advance (to restart it on the same port, or to pass `--port`).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}
