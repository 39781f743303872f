/**
 * Benchmark of the remote bridge (src/node/remote), runnable alone:
 *
 *   npx tsx bench/remote-bridge.ts [--lines N] [--work-dir DIR]
 *
 * Measures lines/s into a sink, on this machine, for the same N 100-byte lines arriving:
 * (a) from a local file, appended by `cat` to a followed file (the tail engine; the reference);
 * (b) through the bridge from a chained Tailstream: a Tailstream server follows that file and the
 *     bridge follows its event stream (file -> tail engine -> hub -> SSE -> bridge);
 * (c) through the bridge alone, from a local node:http SSE server that sends the lines already
 *     packed in Tailstream `lines` batches;
 * (d) through the bridge alone, from the same server sending one plain `data:` event per line
 *     (how nchan and most SSE servers send).
 * Prints a table on stderr and the numbers as JSON on stdout. Every file it makes is deleted.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createRemoteBridge } from '../src/node/remote/remote-source.js';
import type { SourceProducer } from '../src/node/source-sink.js';
import { createFileTailer } from '../src/node/tail/file-tailer.js';
import { startTailstreamServer } from '../src/node/tailstream-server.js';
import { DEFAULT_WORK_ROOT, isRunDirectly } from './support/cli.js';
import { CountingSink } from './support/counting-sink.js';
import { LINE_BYTES, appendWithCat, makeLines, makeWorkDir } from './support/bench-files.js';
import { round2 } from './support/stats.js';
import { waitFor } from '../src/shared/testing/wait-for.js';

/** Lines per `lines` event the local SSE server sends in (c); about what a busy hub flushes. */
const SERVER_BATCH_LINES = 1000;
/** Rounds of each measurement; the best is reported (the machine is shared). */
const ROUNDS = 2;
/** Longest wait for any one measurement, in ms, before the benchmark gives up. */
const MEASURE_TIMEOUT_MS = 120_000;

/** One measured path: how many lines in how long. */
export interface PathResult {
  ms: number;
  linesPerSec: number;
  batches: number;
}

/** What {@link benchRemoteBridge} measured. Rates are per second; times in ms. */
export interface RemoteBridgeBenchResult {
  lines: number;
  lineBytes: number;
  /** (a) Local file through the tail engine. */
  localFile: PathResult;
  /** (b) File -> Tailstream server -> SSE -> bridge. */
  chainedTailstream: PathResult;
  /** (c) Bridge alone, Tailstream `lines` batches from a local SSE server. */
  bridgeTailstreamBatches: PathResult;
  /** (d) Bridge alone, one plain `data:` event per line from a local SSE server. */
  bridgePlainEvents: PathResult;
  /** (b) divided by (a): what following a file through a chained Tailstream costs. */
  chainedToFileRatio: number;
}

/** Runs the four measurements in `workDir` (created if needed; cleaned afterwards). */
export async function benchRemoteBridge(options: { lines: number; workDir: string }): Promise<RemoteBridgeBenchResult> {
  const lines = options.lines;
  const work = makeWorkDir(options.workDir, 'remote-bridge');
  try {
    const burst = work.file('burst.log');
    writeFileSync(burst, makeLines(0, lines));
    const best = async (measure: (round: number) => Promise<PathResult>): Promise<PathResult> => {
      let result: PathResult | undefined;
      for (let round = 0; round < ROUNDS; round++) {
        const r = await measure(round);
        if (result === undefined || r.ms < result.ms) result = r;
      }
      return result as PathResult;
    };
    const localFile = await best((round) => measureFile(work.file(`file-${round}.log`), burst, lines));
    const chainedTailstream = await best((round) => measureChained(work.file(`chained-${round}.log`), burst, lines));
    const batches = tailstreamPayload(lines);
    const bridgeTailstreamBatches = await best(() => measureSseServer(batches, lines));
    const plain = plainPayload(lines);
    const bridgePlainEvents = await best(() => measureSseServer(plain, lines));
    return {
      lines,
      lineBytes: LINE_BYTES,
      localFile,
      chainedTailstream,
      bridgeTailstreamBatches,
      bridgePlainEvents,
      chainedToFileRatio: round2(chainedTailstream.linesPerSec / localFile.linesPerSec),
    };
  } finally {
    work.remove();
  }
}

function result(lines: number, ms: number, batches: number): PathResult {
  return { ms: round2(ms), linesPerSec: Math.round(lines / (ms / 1000)), batches };
}

/** (a) The reference: the tail engine following a file that `cat` appends the burst to. */
async function measureFile(followed: string, burst: string, lines: number): Promise<PathResult> {
  writeFileSync(followed, '');
  const sink = new CountingSink('remote-bridge benchmark', MEASURE_TIMEOUT_MS);
  const tailer = createFileTailer(followed, sink, { initialLines: 0 });
  tailer.start();
  try {
    await waitFor(() => sink.state === 'following', 'the tailer to follow', MEASURE_TIMEOUT_MS, 2);
    const reached = sink.reach(lines);
    const t0 = performance.now();
    await appendWithCat(burst, followed);
    return result(lines, (await reached) - t0, sink.batches);
  } finally {
    await tailer.close();
  }
}

/** (b) A Tailstream server follows the file; the bridge follows the server's event stream. */
async function measureChained(followed: string, burst: string, lines: number): Promise<PathResult> {
  writeFileSync(followed, '');
  const server = await startTailstreamServer({ initialLines: 0, ring: { maxLines: lines + 1000 } });
  let bridge: SourceProducer | undefined;
  try {
    const info = server.sources.addFile(followed);
    await waitFor(() => server.hub.get(info.id)?.state === 'following', 'the served file to be followed', MEASURE_TIMEOUT_MS, 2);
    const sink = new CountingSink('remote-bridge benchmark', MEASURE_TIMEOUT_MS);
    bridge = createRemoteBridge(`${server.url}/api/sources/${info.id}/events`, sink, {
      headers: { Authorization: `Bearer ${server.token}` },
    });
    bridge.start();
    await waitFor(() => sink.state === 'open', 'the bridge to open', MEASURE_TIMEOUT_MS, 2);
    const reached = sink.reach(lines);
    const t0 = performance.now();
    await appendWithCat(burst, followed);
    return result(lines, (await reached) - t0, sink.batches);
  } finally {
    await bridge?.close();
    await server.close();
  }
}

/** (c), (d): a local SSE server that sends `payload` at once when told to; the bridge reads it. */
async function measureSseServer(payload: Buffer, lines: number): Promise<PathResult> {
  let release: (() => void) | undefined;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
    res.flushHeaders();
    release = () => res.write(payload);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.address() as AddressInfo;
  const sink = new CountingSink('remote-bridge benchmark', MEASURE_TIMEOUT_MS);
  const bridge = createRemoteBridge(`http://127.0.0.1:${port}/events`, sink);
  try {
    bridge.start();
    await waitFor(() => sink.state === 'open' && release !== undefined, 'the bridge to open', MEASURE_TIMEOUT_MS, 2);
    const reached = sink.reach(lines);
    const t0 = performance.now();
    release?.();
    return result(lines, (await reached) - t0, sink.batches);
  } finally {
    await bridge.close();
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}

/** The lines as Tailstream `lines` events of `SERVER_BATCH_LINES` lines each. */
function tailstreamPayload(lines: number): Buffer {
  const parts: string[] = [];
  const t = Date.now();
  for (let first = 0; first < lines; first += SERVER_BATCH_LINES) {
    const count = Math.min(SERVER_BATCH_LINES, lines - first);
    const batch = lineTexts(first, count);
    parts.push(`event: lines\nid: BENCH:${first + count}\ndata: ${JSON.stringify({ seq: first + 1, lines: batch, t })}\n\n`);
  }
  return Buffer.from(parts.join(''));
}

/** The lines as one plain `data:` event each, with ids, as nchan sends them. */
function plainPayload(lines: number): Buffer {
  const parts: string[] = [];
  for (let first = 0; first < lines; first += SERVER_BATCH_LINES) {
    const batch = lineTexts(first, Math.min(SERVER_BATCH_LINES, lines - first));
    parts.push(batch.map((line, i) => `id: ${first + i + 1}\ndata: ${line}\n\n`).join(''));
  }
  return Buffer.from(parts.join(''));
}

/** The texts of `count` distinct lines numbered from `first`, 99 characters each (no newline). */
function lineTexts(first: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const head = `${String(first + i).padStart(9, '0')} INFO bench line `;
    out.push(head.padEnd(LINE_BYTES - 1, 'x'));
  }
  return out;
}



function parseArgs(argv: string[]): { lines: number; workDir: string } {
  const out = { lines: 500_000, workDir: DEFAULT_WORK_ROOT };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--lines' && value) out.lines = Number(value);
    else if (flag === '--work-dir' && value) out.workDir = resolve(value);
    else throw new Error('usage: tsx bench/remote-bridge.ts [--lines N] [--work-dir DIR]');
  }
  return out;
}

if (isRunDirectly(import.meta.url)) {
  const r = await benchRemoteBridge(parseArgs(process.argv.slice(2)));
  const row = (label: string, p: PathResult): string =>
    `${label}: ${p.linesPerSec.toLocaleString().padStart(11)} lines/s (${r.lines} lines in ${p.ms} ms, ${p.batches} batches)`;
  console.error(
    [
      row('local file (tail engine)              ', r.localFile),
      row('chained Tailstream (file->SSE->bridge)', r.chainedTailstream),
      row('bridge, Tailstream batches over SSE   ', r.bridgeTailstreamBatches),
      row('bridge, one plain event per line      ', r.bridgePlainEvents),
      `chained / local file = ${r.chainedToFileRatio}`,
    ].join('\n'),
  );
  console.log(JSON.stringify(r, null, 2));
}
