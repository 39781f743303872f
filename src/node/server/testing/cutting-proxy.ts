import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * Test support: a TCP proxy on 127.0.0.1 in front of a server, whose connections a test can cut
 * at any moment, as a flaky network or a sleeping laptop would. One request per connection
 * (its Host header is rewritten to name the server), which is what SSE clients make.
 */
export class CuttingProxy {
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  port = 0;
  cuts = 0;
  /** How many of the next connections get an HTTP 503 instead of the server. */
  private refusals = 0;

  constructor(private readonly targetPort: number) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (this.refusals > 0) {
        this.refusals--;
        // Tracked like the others, so that `close()` never waits for a client that keeps its end open.
        this.sockets.add(client);
        client.on('close', () => this.sockets.delete(client));
        client.on('error', () => {});
        client.end('HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 8\r\nConnection: close\r\n\r\nrefused\n');
        return;
      }
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {});
      }
      // The server checks the Host header: rewrite the first request head to name it, then pipe.
      let head = Buffer.alloc(0);
      const onHead = (chunk: Buffer): void => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        client.off('data', onHead);
        const text = head.toString('latin1').replace(/^host:.*$/im, `Host: 127.0.0.1:${this.targetPort}`);
        upstream.write(Buffer.from(text, 'latin1'));
        client.pipe(upstream);
      };
      client.on('data', onHead);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
  }

  /**
   * Answers the next `count` connections with `503 Service Unavailable` (as a restarting server
   * or a proxy in front of it would), then forwards again.
   */
  refuseNext(count: number): void {
    this.refusals = count;
  }

  /** Destroys every open connection (both sides). */
  cutAll(): void {
    if (this.sockets.size > 0) this.cuts++;
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }
}
