/**
 * A child-process server for the reliability tests that need options the command line does not
 * offer (a small ring, so a flood outruns a stalled client in seconds). It is the same core
 * `tailstream serve` runs, started with `startTailstreamServer`, and it prints the same ready
 * line. Its memory and descriptors are its own, so a test can measure them from /proc.
 *
 * Usage: `node server-child.mjs OPTIONS_JSON`. Commands on stdin, one a line:
 * `stats` answers `STATS {json}` on stdout. SIGTERM closes everything and exits 0.
 */
import { createInterface } from 'node:readline';
import { createRemoteBridge } from '../../../src/node/remote/remote-source.js';
import { startTailstreamServer } from '../../../src/node/tailstream-server.js';

/**
 * Line and event limit of an `unguarded` remote, in bytes: 1 GiB, i.e. no limit at all. Used only
 * to prove that the hostile-remote test fails when the bridge's defences are taken away.
 */
const UNGUARDED_LIMIT_BYTES = 1024 * 1024 * 1024;
/** Header timeout of an `unguarded` remote, in ms: one hour, i.e. none. */
const UNGUARDED_HEADER_TIMEOUT_MS = 3_600_000;

/** What the parent asks for (JSON in argv[2]). */
export interface ServerChildOptions {
  files?: string[];
  ring?: { maxLines?: number; maxBytes?: number };
  initialLines?: number;
  pollIntervalMs?: number;
  /** Remote sources; `unguarded` ones get no line, event or header-time limit (defences removed). */
  remotes?: { url: string; unguarded?: boolean }[];
}

/** What `stats` answers. */
export interface ServerChildStats {
  streams: number;
  maxBuffered: number;
  rss: number;
  heapUsed: number;
  sources: { id: string; state: string; firstSeq: number; lastSeq: number }[];
}

const options = JSON.parse(process.argv[2] ?? '{}') as ServerChildOptions;
const server = await startTailstreamServer({
  host: '127.0.0.1',
  port: 0,
  ...(options.ring !== undefined ? { ring: options.ring } : {}),
  ...(options.initialLines !== undefined ? { initialLines: options.initialLines } : {}),
  ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
});
for (const file of options.files ?? []) server.sources.addFile(file);
for (const remote of options.remotes ?? []) {
  if (remote.unguarded !== true) server.sources.addRemote(remote.url);
  else {
    const limits = { maxLineBytes: UNGUARDED_LIMIT_BYTES, maxEventBytes: UNGUARDED_LIMIT_BYTES, headerTimeoutMs: UNGUARDED_HEADER_TIMEOUT_MS };
    server.hub.addSource('remote', remote.url, (sink) => createRemoteBridge(remote.url, sink, limits));
  }
}
process.stdout.write(`Tailstream listening on ${server.url}/?token=${server.token}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'stats') return;
  const stats: ServerChildStats = {
    ...server.streamStats(),
    rss: process.memoryUsage.rss(),
    heapUsed: process.memoryUsage().heapUsed,
    sources: server.hub.list().map((info) => ({ id: info.id, state: info.state, firstSeq: info.firstSeq, lastSeq: info.lastSeq })),
  };
  process.stdout.write(`STATS ${JSON.stringify(stats)}\n`);
});

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
