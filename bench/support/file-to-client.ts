/**
 * File to SSE client, the whole product path: a writer (`cat`) appends a burst of 100-byte lines
 * to a file that a real `tailstream serve FILE --lines 0` follows (tail engine, hub, SSE server,
 * in its own process), and plain HTTP clients in another process parse every `lines` event until
 * they hold the burst's last line. Measures lines/s per client and the server's CPU and peak RSS.
 */
import { writeFileSync } from 'node:fs';
import { LINE_BYTES, appendWithCat, makeWorkDir } from './bench-files.js';
import { cpuSeconds, RssSampler } from '../../src/node/testing/proc-stats.js';
import { startReaders } from './sse-readers.js';
import { SERVER_WAIT_MS, startServed } from './served.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';

/** Longest a burst may take to reach every client, in ms, before the run fails. */
const DELIVERY_TIMEOUT_MS = 180_000;

/** One run. */
export interface FileToClientRun {
  clients: number;
  /** Lines each client received (the whole burst, numbers checked). */
  lines: number;
  /** From the first byte appended to the last client holding the last line. */
  seconds: number;
  /** Lines per second reaching each client (all clients together: times `clients`). */
  linesPerSecPerClient: number;
  /** MB (10^6 bytes) of line text per second reaching each client. */
  mbPerSecPerClient: number;
  /** Server CPU (user + system) over the run, in % of one core. */
  serverCpuPercent: number;
  /** CPU of the readers' process over the run, in % of one core (both processes share the machine). */
  readersCpuPercent: number;
  /** Highest RSS of the server process during the run, in MB (10^6 bytes). */
  serverPeakRssMb: number;
}

/** Options of one run. */
export interface FileToClientOptions {
  /** A file of `lines` 100-byte lines, appended as the burst. */
  burstFile: string;
  /**
   * A file of `warmupLines` lines, appended and delivered to every client before the burst,
   * unmeasured: the server is then a running one, past start-up and JIT warm-up, as a server
   * someone uses is (a fresh process runs its first fraction of a second unoptimised).
   */
  warmupFile: string;
  warmupLines: number;
  lines: number;
  clients: number;
  /** Parent of the run's temporary folder (bench/.work). */
  workRoot: string;
}

/** Measures one burst through a fresh server to `clients` readers. */
export async function measureFileToClients(options: FileToClientOptions): Promise<FileToClientRun> {
  const dir = makeWorkDir(options.workRoot, 'file-to-client');
  try {
    const followed = dir.file('followed.log');
    writeFileSync(followed, '');
    const served = await startServed([followed, '--lines', '0']);
    try {
      let id = '';
      await waitFor(async () => {
        const source = (await served.sources())[0];
        id = source?.id ?? '';
        return source?.state === 'following';
      }, 'the file source to follow', SERVER_WAIT_MS);
      const readers = startReaders(
        {
          port: served.handle.port,
          path: served.eventsPath(id, { history: '0' }),
          clients: options.clients,
          warmup: options.warmupLines,
          target: options.warmupLines + options.lines,
        },
        DELIVERY_TIMEOUT_MS,
      );
      try {
        await readers.ready;
        await appendWithCat(options.warmupFile, followed);
        await readers.warm;
        const rss = new RssSampler(served.pid);
        const cpuBefore = cpuSeconds(served.pid);
        const readersCpuBefore = cpuSeconds(readers.pid);
        const started = performance.timeOrigin + performance.now();
        const writer = appendWithCat(options.burstFile, followed);
        const doneAt = await readers.done;
        const cpu = cpuSeconds(served.pid) - cpuBefore;
        const readersCpu = cpuSeconds(readers.pid) - readersCpuBefore;
        const peak = rss.stop();
        await writer;
        const seconds = (Math.max(...doneAt) - started) / 1000;
        const perClient = options.lines / seconds;
        return {
          clients: options.clients,
          lines: options.lines,
          seconds,
          linesPerSecPerClient: perClient,
          mbPerSecPerClient: (perClient * LINE_BYTES) / 1e6,
          serverCpuPercent: (cpu / seconds) * 100,
          readersCpuPercent: (readersCpu / seconds) * 100,
          serverPeakRssMb: peak / 1e6,
        };
      } finally {
        readers.close();
      }
    } finally {
      await served.close();
    }
  } finally {
    dir.remove();
  }
}
