import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_INITIAL_LINES } from '../shared/limits.js';
import { SourceHub } from './hub/source-hub.js';
import { SourceFactory } from './source-factory.js';
import { generateToken, TokenCheck } from './server/auth.js';
import { findPackageVersion } from './server/package-version.js';
import { createRequestHandler } from './server/request-handler.js';
import { hostWithPort, isLoopbackHost, RequestGuard } from './server/request-guard.js';
import { MAX_HEADER_BYTES } from './server/server-limits.js';
import { StreamRegistry, type StreamStats } from './server/stream-registry.js';

/** Options of `startTailstreamServer`. */
export interface TailstreamServerOptions {
  /** Host to bind. Default `127.0.0.1`; anything but loopback prints a warning on stderr. */
  host?: string;
  /** Port to bind. Default 0 (a free port). */
  port?: number;
  /** The API token. Default: a fresh random token of 256 bits, base64url. */
  token?: string;
  /** The console's build folder (dist/renderer); omitted: no UI routes. */
  staticDir?: string;
  /** `--lines`: lines of a file's existing content loaded on open. Default `DEFAULT_INITIAL_LINES`. */
  initialLines?: number;
  /** `--poll`: follow files by polling every this many ms instead of native change events. */
  pollIntervalMs?: number;
  /**
   * Origins accepted besides the server's own, e.g. the desktop app's `app://tailstream`. They
   * get exact CORS headers (`Access-Control-Allow-Origin: <that origin>`, never `*`).
   */
  extraOrigins?: string[];
  /** May `POST /api/sources {kind: 'file'}` open this (absolute) path? Default: refuse all (403). */
  filePolicy?: (path: string) => boolean;
  /**
   * Whether `filePolicy` lets through paths beyond those the server already lists, so a console
   * may offer to open any path (`canOpenFiles` of `GET /api/health`). Default false.
   */
  canOpenFiles?: boolean;
  /** Bounds of each source's ring (lines, charged bytes). */
  ring?: { maxLines?: number; maxBytes?: number };
  /** Most sources held at once (`--max-sources`; 429 past it). Default `MAX_SOURCES` (100). */
  maxSources?: number;
  /** `false` (`--no-follow-symlinks`): refuse a followed name that is a symbolic link. Default true. */
  followSymlinks?: boolean;
  /** Version `GET /api/health` reports. Default: read from Tailstream's package.json. */
  version?: string;
  /** Most concurrent SSE streams per client address (429 past it). Default 128. */
  maxStreamsPerAddress?: number;
  /** Keep-alive comment interval in ms (tests shorten it). Default 13.5 s (the contract: <= 15 s). */
  keepAliveIntervalMs?: number;
}

/** A running server. */
export interface TailstreamServer {
  /** `http://HOST:PORT` (bound host and port, IPv6 in brackets), no trailing slash. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly hub: SourceHub;
  /** Opens sources (files, remote streams) into the hub. */
  readonly sources: SourceFactory;
  /** Open streams and the most bytes any of them has waiting for its socket. */
  streamStats(): StreamStats;
  /** Closes every stream, source, watcher and the listener. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the embedded SSE server and its source hub: the same core runs in Electron's main
 * process and in `tailstream serve`. Resolves once it listens.
 */
export async function startTailstreamServer(options: TailstreamServerOptions = {}): Promise<TailstreamServer> {
  const requestedHost = options.host ?? '127.0.0.1';
  const token = options.token ?? generateToken();
  const hub = new SourceHub({
    ...(options.ring !== undefined ? { ring: options.ring } : {}),
    ...(options.maxSources !== undefined ? { maxSources: options.maxSources } : {}),
  });
  const sources = new SourceFactory(hub, {
    initialLines: options.initialLines ?? DEFAULT_INITIAL_LINES,
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.followSymlinks === false ? { followSymlinks: false } : {}),
  });
  const streams = new StreamRegistry({
    ...(options.maxStreamsPerAddress !== undefined ? { maxStreamsPerAddress: options.maxStreamsPerAddress } : {}),
    ...(options.keepAliveIntervalMs !== undefined ? { pingIntervalMs: options.keepAliveIntervalMs } : {}),
  });
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES });
  server.on('clientError', answerClientError);

  try {
    await listen(server, options.port ?? 0, requestedHost);
  } catch (error) {
    streams.close();
    await hub.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.address;
  const port = address.port;
  if (!isLoopbackHost(host)) {
    process.stderr.write(
      `tailstream: warning: listening on ${hostWithPort(host, port)}, which other machines may reach; ` +
        'anyone with the token can read the logs it serves.\n',
    );
  }
  server.on(
    'request',
    createRequestHandler({
      guard: new RequestGuard(requestedHost, host, port, options.extraOrigins ?? []),
      tokenCheck: new TokenCheck(token),
      port,
      staticDir: options.staticDir,
      api: {
        hub,
        sources,
        streams,
        version: options.version ?? findPackageVersion(),
        filePolicy: options.filePolicy ?? (() => false),
        canOpenFiles: options.canOpenFiles ?? false,
      },
    }),
  );

  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostWithPort(host, port)}`,
    host,
    port,
    token,
    hub,
    sources,
    streamStats: () => streams.stats(),
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await hub.close();
        streams.close();
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ port, host }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Answers to the errors a client can cause before a request exists: status, reason, code, message. */
const CLIENT_ERRORS: Readonly<Record<string, [number, string, 'headers_too_large' | 'bad_request', string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'headers_too_large', `The request's headers are larger than ${MAX_HEADER_BYTES} bytes.`],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'bad_request', 'The request did not arrive in time.'],
};

/** The answer to any other malformed request. */
const BAD_REQUEST: [number, string, 'bad_request', string] = [400, 'Bad Request', 'bad_request', 'The request could not be parsed as HTTP/1.1.'];

/**
 * Answers malformed requests, and request heads past `MAX_HEADER_BYTES` with 431, in the
 * contract's JSON error shape (Node's default answer has no body).
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? BAD_REQUEST;
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
