/**
 * Hostile SSE servers, each on its own 127.0.0.1 port, for the hostile-remote tests: what a
 * broken, overloaded or malicious server can do to a client that follows it. Every server writes
 * only as fast as its socket drains and stops after a bounded amount per connection, so the test
 * process stays cheap whatever the client does.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** Bytes of one write of the endless servers: 64 KiB. */
const WRITE_BYTES = 64 * 1024;

/**
 * Most bytes an endless server sends on one connection: 256 MiB, eight times the bridge's event
 * limit. A guarded client cuts the connection long before; an unguarded one would have to buffer it.
 */
export const ENDLESS_LIMIT_BYTES = 256 * 1024 * 1024;

/** Delay between the bytes of the slow-drip server, in ms. */
export const DRIP_BYTE_MS = 15;

/** Size of each legal huge line of the huge-events server: 900 KiB (under the 1 MiB line limit). */
export const HUGE_LINE_BYTES = 900 * 1024;

/** Legal huge lines the huge-events server sends before its endless event. */
export const HUGE_LINES = 3;

/** Size of the giant server's one data line: 2 MiB, twice the contract's line limit. */
export const GIANT_LINE_BYTES = 2 * 1024 * 1024;

/** Event ids the control-id server sends, one per connection: each holds a control character. */
export const CONTROL_IDS = ['ctl\x01one', 'ctl\x7ftwo', 'ctl\x1b[31mthree'];

/** One hostile server. */
export interface Hostile {
  name: string;
  url: string;
  /** Requests (or, for raw TCP servers, connections) received so far. */
  requests: number;
  /** For servers that hold their first event back: sends it. */
  release?: () => void;
  /** For servers that record it: the `Last-Event-ID` of each request (`null` when absent). */
  lastEventIds?: Array<string | null>;
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, self: Hostile) => void;

async function httpHostile(name: string, handler: Handler): Promise<Hostile> {
  const sockets = new Set<net.Socket>();
  const self: Hostile = { name, url: '', requests: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    self.requests++;
    res.on('error', () => {});
    handler(req, res, self);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  self.url = `http://127.0.0.1:${port}/${name}`;
  self.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return self;
}

const streamHead = (res: http.ServerResponse): void => {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  res.flushHeaders();
};

/** Writes `next()` chunks as fast as the socket drains until it returns undefined or the client leaves. */
function pump(res: http.ServerResponse, next: () => Buffer | string | undefined): void {
  let closed = false;
  res.on('close', () => (closed = true));
  const go = (): void => {
    while (!closed) {
      const chunk = next();
      if (chunk === undefined) return;
      if (!res.write(chunk)) {
        res.once('drain', go);
        return;
      }
    }
  };
  go();
}

/** Endless bytes after `prefix`, up to `ENDLESS_LIMIT_BYTES`, from `fill(i)`. */
function endless(res: http.ServerResponse, prefix: string, fill: () => Buffer): void {
  streamHead(res);
  res.write(prefix);
  let sent = 0;
  pump(res, () => {
    if (sent >= ENDLESS_LIMIT_BYTES) return undefined;
    const chunk = fill();
    sent += chunk.length;
    return chunk;
  });
}

/** Every hostile server of the suite. */
export async function startHostileServers(): Promise<Record<string, Hostile>> {
  const xs = Buffer.alloc(WRITE_BYTES, 'x');
  let release = (): void => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const dataLines = Buffer.from(`data: ${'y'.repeat(1017)}\n`.repeat(64)); // 64 KiB of 1 KiB data lines
  const list = await Promise.all([
    // One byte at a time: events must arrive whole, not as fragments.
    httpHostile('drip', (_req, res) => {
      streamHead(res);
      const text = Buffer.from(Array.from({ length: 50 }, (_, i) => `data: drip ${i + 1}\n\n`).join(''));
      let at = 0;
      const timer = setInterval(() => {
        if (at >= text.length || res.destroyed) {
          clearInterval(timer);
          return;
        }
        res.write(text.subarray(at, at + 1));
        at++;
      }, DRIP_BYTE_MS);
      res.on('close', () => clearInterval(timer));
    }),
    // A data line that never ends.
    httpHostile('unterminated', (_req, res) => endless(res, 'data: ', () => xs)),
    // Random bytes, NUL, invalid UTF-8 and stray CRs, under an event-stream content type.
    httpHostile('garbage', (_req, res) => endless(res, '', () => randomBytes(WRITE_BYTES))),
    // Three legal lines of 900 KiB, then an event of endless 1 KiB data lines with no blank line.
    httpHostile('huge', (_req, res) => {
      streamHead(res);
      for (let i = 0; i < HUGE_LINES; i++) res.write(`data: ${String(i).repeat(HUGE_LINE_BYTES)}\n\n`);
      let sent = 0;
      pump(res, () => {
        if (sent >= ENDLESS_LIMIT_BYTES) return undefined;
        sent += dataLines.length;
        return dataLines;
      });
    }),
    // A redirect to the next of an endless chain.
    httpHostile('redirect', (req, res, self) => {
      res.writeHead(302, { Location: `/redirect/${self.requests}?from=${encodeURIComponent(req.url ?? '')}`.slice(0, 200) });
      res.end();
    }),
    // Ends the stream after every event, asking for an immediate reconnection (retry: 0).
    httpHostile('closer', (req, res) => {
      const last = Number(/:(\d+)$/.exec(String(req.headers['last-event-id'] ?? ''))?.[1] ?? 0);
      streamHead(res);
      res.end(`retry: 0\nid: closer:${last + 1}\ndata: closer event ${last + 1}\n\n`);
    }),
    // One well-formed event whose data line is 2 MiB (a line cut into 1 MiB pieces by the
    // contract), then a normal event; the stream stays open.
    httpHostile('giant', (_req, res) => {
      streamHead(res);
      res.write(`id: giant:1\ndata: ${'a'.repeat(GIANT_LINE_BYTES / 2)}${'b'.repeat(GIANT_LINE_BYTES / 2)}\n\n`);
      res.write('id: giant:2\ndata: after giant\n\n');
    }),
    // Ends the stream after each event whose id holds a control character (no Fetch client may
    // send such a value back as Last-Event-ID); records what each reconnection sent.
    // Its first event waits for `release()`, so a reader can be listening before it.
    httpHostile('ctlid', (req, res, self) => {
      const n = self.requests;
      (self.lastEventIds ??= []).push(req.headers['last-event-id'] === undefined ? null : String(req.headers['last-event-id']));
      streamHead(res);
      void released.then(() => {
        if (n <= CONTROL_IDS.length) res.end(`retry: 0\nid: ${CONTROL_IDS[n - 1] ?? ''}\ndata: ctlid event ${n}\n\n`);
        else res.write(`data: ctlid event ${n}\n\n`);
      });
    }),
    // A well-behaved stream beside them: one line every 100 ms.
    httpHostile('healthy', (_req, res) => {
      streamHead(res);
      let n = 0;
      const timer = setInterval(() => res.write(`data: healthy ${++n}\n\n`), 100);
      res.on('close', () => clearInterval(timer));
    }),
  ]);
  const silent = await startSilentServer();
  const byName: Record<string, Hostile> = Object.fromEntries([...list, silent].map((hostile) => [hostile.name, hostile]));
  (byName.ctlid as Hostile).release = release;
  return byName;
}

/** Accepts TCP connections, reads the request, and never answers. */
async function startSilentServer(): Promise<Hostile> {
  const sockets = new Set<net.Socket>();
  const self: Hostile = { name: 'silent', url: '', requests: 0, close: async () => {} };
  const server = net.createServer((socket) => {
    self.requests++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    socket.resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  self.url = `http://127.0.0.1:${port}/silent`;
  self.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return self;
}
