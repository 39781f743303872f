/**
 * A small HTTP proxy in front of `tailstream serve` that can drop every open connection at once,
 * as a flaky network does, so tests can watch the console reconnect and resume (Last-Event-ID).
 * It rewrites `Host` and `Origin` to the server's own, which the server's DNS-rebinding and
 * origin checks require.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A running proxy. */
export interface DropProxy {
  /** `http://127.0.0.1:PORT` of the proxy. */
  origin: string;
  /** Destroys every open connection (browser side and server side). */
  dropAll(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (`http://127.0.0.1:PORT`) on a free loopback port. */
export async function startDropProxy(target: string): Promise<DropProxy> {
  const upstream = new URL(target);
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers, host: upstream.host };
    if (headers.origin !== undefined) headers.origin = upstream.origin;
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('socket', track);
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connection', track);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    dropAll() {
      for (const socket of sockets) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
