/**
 * Benchmark: lines from the source hub to SSE clients over real loopback HTTP. The server (hub,
 * SSE streams) runs in this process; the clients are raw HTTP readers in a child process, so the
 * server's CPU time (process.cpuUsage) and RSS are its own. Lines are 100 bytes.
 *
 * Run alone: `npx tsx bench/sse-server.ts [--quick]`. Import `benchSseServer` to use it from a
 * harness.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import type { SourceSink } from '../src/node/source-sink.js';
import { startTailstreamServer, type TailstreamServer } from '../src/node/tailstream-server.js';

/** Bytes of text in every line (the reference size). */
export const LINE_BYTES = 100;

/** Lines pushed into the hub per batch in a flood (what the tail engine's large reads deliver). */
const FLOOD_BATCH_LINES = 4096;

/** One measured scenario. */
export interface SseBenchResult {
  scenario: string;
  clients: number;
  /** Lines each client received. */
  linesPerClient: number;
  seconds: number;
  /** Lines per second reaching each client. */
  linesPerSecondPerClient: number;
  /** Lines per second reaching all clients together. */
  linesPerSecondTotal: number;
  /** MB (10^6 bytes) of line text per second reaching all clients together. */
  megabytesPerSecondTotal: number;
  /** Server process CPU (user + system) over the run, in % of one core. */
  serverCpuPercent: number;
  /** Highest server RSS sampled during the run, in MB. */
  serverPeakRssMb: number;
}

/** Options of a run. */
export interface SseBenchOptions {
  /** Smaller sizes for a quick look (about 10 s). */
  quick?: boolean;
}

/** Runs every scenario and resolves with their results. */
export async function benchSseServer(options: SseBenchOptions = {}): Promise<SseBenchResult[]> {
  const quick = options.quick === true;
  const floodLines = quick ? 200_000 : 1_000_000;
  const results: SseBenchResult[] = [];
  results.push(await flood('flood to 1 client', 1, floodLines));
  results.push(await flood('flood to 50 clients', 50, quick ? 20_000 : 100_000));
  results.push(await paced('10k lines/s to each of 50 clients', 50, 10_000, quick ? 3 : 10));
  return results;
}

/** Pushes `total` lines as fast as the hub takes them; times until every client has them all. */
async function flood(scenario: string, clients: number, total: number): Promise<SseBenchResult> {
  const lines = makeLines(total);
  return measure(scenario, clients, total, async (sink) => {
    for (let at = 0; at < total; at += FLOOD_BATCH_LINES) {
      sink.pushLines(lines.slice(at, at + FLOOD_BATCH_LINES));
      await new Promise((resolve) => setImmediate(resolve));
    }
  });
}

/** Pushes `rate` lines a second for `seconds`, in 10 ms steps. */
async function paced(scenario: string, clients: number, rate: number, seconds: number): Promise<SseBenchResult> {
  const stepMs = 10;
  const perStep = (rate * stepMs) / 1000;
  const total = rate * seconds;
  const lines = makeLines(total);
  return measure(scenario, clients, total, async (sink) => {
    const start = performance.now();
    for (let at = 0, step = 1; at < total; at += perStep, step++) {
      sink.pushLines(lines.slice(at, at + perStep));
      const wait = start + step * stepMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  });
}

async function measure(scenario: string, clients: number, total: number, produce: (sink: SourceSink) => Promise<void>): Promise<SseBenchResult> {
  const server = await startTailstreamServer({ maxStreamsPerAddress: clients + 1 });
  let sink: SourceSink | undefined;
  const info = server.hub.addSource('file', `/bench/${scenario}`, (given) => {
    sink = given;
    return { start: () => given.setState('following'), close: async () => {} };
  });
  const readers = startReaders(server, info.id, clients, total);
  try {
    await readers.ready;
    global.gc?.();
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    await produce(sink as SourceSink);
    await readers.done;
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    return {
      scenario,
      clients,
      linesPerClient: total,
      seconds,
      linesPerSecondPerClient: total / seconds,
      linesPerSecondTotal: (total * clients) / seconds,
      megabytesPerSecondTotal: (total * clients * LINE_BYTES) / seconds / 1e6,
      serverCpuPercent: ((cpu.user + cpu.system) / 1000 / 1000 / seconds) * 100,
      serverPeakRssMb: peakRss / 1e6,
    };
  } finally {
    readers.child.kill();
    await server.close();
  }
}

/** `count` distinct lines of exactly `LINE_BYTES` ASCII bytes, each its own flat string. */
function makeLines(count: number): string[] {
  const pad = 'abcdefghijklmnopqrstuvwxyz'.repeat(4);
  return Array.from({ length: count }, (_, i) => {
    const head = `${new Date(1_764_000_000_000 + i).toISOString()} INFO bench line ${i} `;
    return Buffer.from((head + pad).slice(0, LINE_BYTES), 'latin1').toString('latin1');
  });
}

/**
 * The readers, as a child process: `clients` raw HTTP connections that read as fast as they can
 * and look only at the last `id:` of what arrived, reporting when each has seen line `total`.
 */
const READER_SOURCE = String.raw`
import { connect } from 'node:net';
const [port, path, clients, total] = process.argv.slice(1);
const target = Number(total);
let ready = 0, done = 0;
for (let c = 0; c < Number(clients); c++) {
  const socket = connect(Number(port), '127.0.0.1');
  socket.setNoDelay(true);
  let carry = Buffer.alloc(0), opened = false, finished = false;
  socket.on('data', (chunk) => {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    if (!opened && buf.includes('event: status')) { opened = true; if (++ready === Number(clients)) console.log('ready'); }
    // A gap means lost lines: the measurement would not be of complete delivery.
    if (buf.includes('event: gap')) { console.error('a reader got a gap'); process.exit(1); }
    let end = buf.length;
    while (!finished) {
      const at = buf.lastIndexOf('\nid: ', end - 1);
      if (at < 0) break;
      const eol = buf.indexOf(10, at + 1);
      if (eol < 0) { end = at; continue; }
      const line = buf.toString('latin1', at + 5, eol);
      const seq = Number(line.slice(line.lastIndexOf(':') + 1));
      if (seq >= target) { finished = true; if (++done === Number(clients)) console.log('done'); }
      break;
    }
    carry = buf.subarray(Math.max(0, buf.length - 256));
  });
  socket.on('error', (e) => { console.error(e.message); process.exit(1); });
  socket.write('GET ' + path + ' HTTP/1.1\r\nHost: 127.0.0.1:' + port + '\r\nAccept: text/event-stream\r\n\r\n');
}
`;

function startReaders(server: TailstreamServer, id: string, clients: number, total: number): { child: ChildProcess; ready: Promise<void>; done: Promise<void> } {
  const path = `/api/sources/${id}/events?token=${server.token}&history=0`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', READER_SOURCE, String(server.port), path, String(clients), String(total)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  const waitFor = (word: string): Promise<void> =>
    new Promise((resolve, reject) => {
      lines.on('line', (line) => line === word && resolve());
      child.on('exit', (code) => reject(new Error(`the readers exited (${code}) before "${word}"`)));
    });
  const ready = waitFor('ready');
  const done = waitFor('done');
  done.catch(() => {});
  return { child, ready, done };
}

/** The results as a Markdown table. */
export function formatSseBench(results: readonly SseBenchResult[]): string {
  const rows = results.map((r) =>
    [
      r.scenario,
      r.clients,
      r.linesPerClient.toLocaleString('en-US'),
      Math.round(r.linesPerSecondPerClient).toLocaleString('en-US'),
      Math.round(r.linesPerSecondTotal).toLocaleString('en-US'),
      r.megabytesPerSecondTotal.toFixed(1),
      `${r.serverCpuPercent.toFixed(0)} %`,
      r.serverPeakRssMb.toFixed(0),
    ].join(' | '),
  );
  return [
    '| scenario | clients | lines/client | lines/s per client | lines/s total | MB/s total | server CPU (1 core = 100 %) | server peak RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await benchSseServer({ quick: process.argv.includes('--quick') });
  console.log(formatSseBench(results));
}
