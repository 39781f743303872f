/**
 * Soak: the built `tailstream serve` (node bin/tailstream.mjs) follows a file written at a steady
 * rate and rotated by rename at intervals, while a client (the real `eventsource` package) drops
 * its connection at intervals and comes back with `Last-Event-ID`. Counts every line written and
 * received: none may be lost or repeated. Reports the server's RSS (from /proc) at the start and
 * the end, and its peak.
 *
 * Full run: 10 minutes at 1,000 lines/s, a rotation each minute, a reconnection each 30 s.
 * Run alone: `npx tsx bench/soak.ts [--quick] [--work-dir DIR]` (`--quick`: 20 s, rotation each
 * 5 s, reconnection each 3 s). Needs the build (`npm run build`).
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { EventSource } from 'eventsource';
import type { GapPayload, LinesPayload, SourceInfo } from '../src/shared/contract.js';
import { startServe } from '../e2e/support/serve.js';
import { DEFAULT_WORK_ROOT, isRunDirectly } from './support/cli.js';
import { LINE_BYTES, makeLines, makeWorkDir } from './support/bench-files.js';
import { RssSampler, rssBytes } from '../src/node/testing/proc-stats.js';
import { waitFor } from '../src/shared/testing/wait-for.js';

/** How often the writer appends the lines that are due, in ms: 20 writes a second. */
const WRITE_TICK_MS = 50;
/** Longest wait for the client to receive the last line after writing stops, in ms. */
const DRAIN_TIMEOUT_MS = 60_000;
/** Longest wait for the source to follow the file at the start, in ms. */
const START_TIMEOUT_MS = 30_000;

/** Options of a soak run. */
export interface SoakOptions {
  /** How long lines are written, in ms. */
  durationMs: number;
  /** Lines written per second. */
  rate: number;
  /** A rename rotation every this many ms. */
  rotateEveryMs: number;
  /** The client drops its connection and resumes with Last-Event-ID every this many ms. */
  reconnectEveryMs: number;
  /** Folder for the run's files (a fresh subfolder is made and removed). */
  workDir: string;
  /**
   * Lines the server holds per source (`--hold`). Default: one rotation period's worth, so the ring
   * is full early and the rest of the run shows whether memory still grows once nothing more is
   * kept (a leak), rather than the ring filling up as designed.
   */
  holdLines?: number;
}

/** What a soak run measured. */
export interface SoakResult {
  durationMs: number;
  rate: number;
  linesWritten: number;
  /** Distinct lines the client received. */
  linesReceived: number;
  /** Lines written but never received. Must be 0. */
  linesLost: number;
  /** Lines received more than once. Must be 0. */
  duplicates: number;
  /** Lines whose text was not the text written under that number. */
  mismatches: number;
  /** `gap` events the client got (each one lost lines). */
  gaps: number;
  rotations: number;
  reconnections: number;
  /** Server RSS once it follows the file, at the end of writing, and the highest sampled, in bytes. */
  rssStartBytes: number;
  rssEndBytes: number;
  rssPeakBytes: number;
  /** Lines the server held per source (`--hold`). */
  holdLines: number;
  /** Server RSS once twice `holdLines` were written (the ring full and trimming), in bytes. */
  rssSteadyBytes: number;
  /**
   * Server RSS halfway through the writing (the ring full by then), in bytes. The heap goes on
   * growing for a while after the ring fills, to the size its collector settles at: in a 10-minute
   * run RSS rose from 83 MiB at the ring-full point (120 s) to 102 MiB at 200 s, then stayed
   * within 1 MiB of that to the end. Growth over the second half is what a leak would show.
   */
  rssHalfBytes: number;
}

/** One client connection after another, each resuming where the last one stopped. */
class ResumingClient {
  private es: EventSource | undefined;
  private lastEventId = '';
  /** Times each line number was received (index = seq). */
  readonly seen: Uint8Array;
  received = 0;
  duplicates = 0;
  mismatches = 0;
  gaps = 0;
  connections = 0;
  lastSeq = 0;

  constructor(private readonly url: string, private readonly token: string, capacity: number) {
    this.seen = new Uint8Array(capacity + 1);
  }

  connect(): void {
    this.es?.close();
    const resumeFrom = this.lastEventId;
    this.connections++;
    const es = new EventSource(this.url, {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: { ...init.headers, Authorization: `Bearer ${this.token}`, ...(resumeFrom !== '' ? { 'Last-Event-ID': resumeFrom } : {}) },
        }),
    });
    es.addEventListener('lines', (event) => {
      this.lastEventId = event.lastEventId;
      const payload = JSON.parse(event.data as string) as LinesPayload;
      payload.lines.forEach((text, i) => this.take(payload.seq + i, text));
    });
    es.addEventListener('gap', (event) => {
      const gap = JSON.parse(event.data as string) as GapPayload;
      this.gaps++;
      process.stderr.write(`soak: gap ${gap.from}..${gap.to}\n`);
    });
    this.es = es;
  }

  close(): void {
    this.es?.close();
  }

  private take(seq: number, text: string): void {
    if (seq >= this.seen.length) {
      this.mismatches++;
      return;
    }
    const count = this.seen[seq] as number;
    if (count > 0) this.duplicates++;
    else this.received++;
    this.seen[seq] = Math.min(255, count + 1);
    this.lastSeq = Math.max(this.lastSeq, seq);
    if (text !== expectedText(seq)) this.mismatches++;
  }
}

/** Line `seq` as written: the benchmark's 100-byte line numbered `seq`, without its newline. */
function expectedText(seq: number): string {
  return makeLines(seq, 1).toString('latin1', 0, LINE_BYTES - 1);
}

/** Runs the soak and resolves with its counts. */
export async function benchSoak(options: SoakOptions): Promise<SoakResult> {
  const { durationMs, rate, rotateEveryMs, reconnectEveryMs } = options;
  const work = makeWorkDir(options.workDir, 'soak');
  const file = work.file('soak.log');
  closeSync(openSync(file, 'w'));
  const holdLines = options.holdLines ?? Math.max(1000, Math.round((rate * rotateEveryMs) / 1000));
  const serve = await startServe([file, '--lines', '0', '--hold', String(holdLines)]);
  const pid = serve.process.pid as number;
  const capacity = Math.ceil(((durationMs + 2 * WRITE_TICK_MS) / 1000) * rate) + 1;
  let client: ResumingClient | undefined;
  try {
    const [source] = (await (await fetch(`${serve.origin}/api/sources?token=${serve.token}`)).json()) as SourceInfo[];
    if (source === undefined) throw new Error('soak: the server lists no source');
    await waitFor(
      async () => {
        const [info] = (await (await fetch(`${serve.origin}/api/sources?token=${serve.token}`)).json()) as SourceInfo[];
        return info?.state === 'following';
      },
      'the source to follow the file',
      START_TIMEOUT_MS,
      50,
    );
    client = new ResumingClient(`${serve.origin}/api/sources/${encodeURIComponent(source.id)}/events`, serve.token, capacity);
    client.connect();
    const rssStartBytes = rssBytes(pid);
    const sampler = new RssSampler(pid);

    let fd = openSync(file, 'a');
    let written = 0;
    let rotations = 0;
    const started = performance.now();
    let nextRotation = rotateEveryMs;
    let nextReconnect = reconnectEveryMs;
    let nextReport = 10_000;
    let rssSteadyBytes: number | undefined;
    let rssHalfBytes: number | undefined;
    for (let elapsed = 0; elapsed < durationMs; elapsed = performance.now() - started) {
      const due = Math.min(capacity - 1, Math.floor((elapsed / 1000) * rate));
      if (due > written) {
        writeSync(fd, makeLines(written + 1, due - written));
        written = due;
      }
      if (rssSteadyBytes === undefined && written >= 2 * holdLines) rssSteadyBytes = rssBytes(pid);
      if (rssHalfBytes === undefined && rssSteadyBytes !== undefined && elapsed >= durationMs / 2) rssHalfBytes = rssBytes(pid);
      if (elapsed >= nextRotation) {
        closeSync(fd);
        renameSync(file, `${file}.1`);
        fd = openSync(file, 'a');
        rotations++;
        nextRotation += rotateEveryMs;
      }
      if (elapsed >= nextReconnect) {
        client.connect();
        nextReconnect += reconnectEveryMs;
      }
      if (elapsed >= nextReport) {
        process.stderr.write(`soak: ${Math.round(elapsed / 1000)} s, ${written} written, ${client.received} received, RSS ${(rssBytes(pid) / 2 ** 20).toFixed(1)} MiB\n`);
        nextReport += 10_000;
      }
      await new Promise((resolve) => setTimeout(resolve, WRITE_TICK_MS));
    }
    const total = Math.min(capacity - 1, Math.floor((durationMs / 1000) * rate));
    if (total > written) {
      writeSync(fd, makeLines(written + 1, total - written));
      written = total;
    }
    closeSync(fd);
    const rssEndBytes = rssBytes(pid);
    const reader = client;
    await waitFor(() => reader.lastSeq >= written, `the client to receive line ${written}`, DRAIN_TIMEOUT_MS, 50).catch((error: unknown) => {
      process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
    });
    const rssPeakBytes = sampler.stop();
    return {
      durationMs,
      rate,
      linesWritten: written,
      linesReceived: client.received,
      linesLost: written - client.received,
      duplicates: client.duplicates,
      mismatches: client.mismatches,
      gaps: client.gaps,
      rotations,
      reconnections: client.connections - 1,
      rssStartBytes,
      rssEndBytes,
      rssPeakBytes,
      holdLines,
      // A run too short to fill the ring twice has no steady state: its start stands in.
      rssSteadyBytes: rssSteadyBytes ?? rssStartBytes,
      rssHalfBytes: rssHalfBytes ?? rssSteadyBytes ?? rssStartBytes,
    };
  } finally {
    client?.close();
    await serve.close();
    work.remove();
  }
}

/** The full run's options, and the quick run's. */
export const FULL_SOAK = { durationMs: 10 * 60_000, rate: 1000, rotateEveryMs: 60_000, reconnectEveryMs: 30_000 } as const;
export const QUICK_SOAK = { durationMs: 20_000, rate: 1000, rotateEveryMs: 5_000, reconnectEveryMs: 3_000 } as const;

if (isRunDirectly(import.meta.url)) {
  const args = process.argv.slice(2);
  const workAt = args.indexOf('--work-dir');
  const workDir = workAt >= 0 && args[workAt + 1] !== undefined ? path.resolve(args[workAt + 1] as string) : DEFAULT_WORK_ROOT;
  const unknown = args.filter((arg, i) => arg !== '--quick' && arg !== '--work-dir' && args[i - 1] !== '--work-dir');
  if (unknown.length > 0) {
    process.stderr.write('usage: npx tsx bench/soak.ts [--quick] [--work-dir DIR]\n');
    process.exit(2);
  }
  const result = await benchSoak({ ...(args.includes('--quick') ? QUICK_SOAK : FULL_SOAK), workDir });
  const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  process.stderr.write(
    `soak: ${result.linesWritten} written, ${result.linesReceived} received, ${result.linesLost} lost, ${result.duplicates} duplicates, ` +
      `${result.mismatches} mismatches, ${result.gaps} gaps; ${result.rotations} rotations, ${result.reconnections} reconnections; ` +
      `RSS ${mib(result.rssStartBytes)} -> ${mib(result.rssEndBytes)} (peak ${mib(result.rssPeakBytes)})\n`,
  );
  console.log(JSON.stringify(result, null, 2));
  process.exit(result.linesLost === 0 && result.duplicates === 0 && result.mismatches === 0 ? 0 : 1);
}
