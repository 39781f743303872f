import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny node:http server on 127.0.0.1, port 0, for one failure or behaviour under test. */
export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: http.IncomingMessage[];
  /** Stops listening and cuts every open connection. */
  close(): Promise<void>;
}

/** Starts a server whose every request goes to `handler` (which also gets the request's index). */
export async function startTestServer(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, index: number) => void,
): Promise<TestServer> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes the headers of an event stream. */
export function openStream(res: http.ServerResponse, extra: Record<string, string> = {}): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', ...extra });
  res.flushHeaders();
}
