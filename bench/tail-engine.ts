/**
 * Benchmark of the tail engine (src/node/tail), runnable alone:
 *
 *   npx tsx bench/tail-engine.ts [--lines N] [--work-dir DIR] [--big-mib N]
 *
 * Measures, on this machine, in one run:
 * (a) file -> sink throughput of the engine for a burst of N 100-byte lines appended (by `cat`)
 *     to a followed file;
 * (b) GNU `tail -F -n 0` on the same file, the same kind of burst, into a pipe, and the ratio;
 * (c) time to open a 1 GiB file and get its last 1000 lines, next to a 10-line file.
 * Prints a table on stderr and the numbers as JSON on stdout. Every file it makes is deleted.
 */
import { spawn } from 'node:child_process';
import { openSync, closeSync, writeSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createFileTailer } from '../src/node/tail/file-tailer.js';
import { DEFAULT_WORK_ROOT, isRunDirectly } from './support/cli.js';
import { CountingSink } from './support/counting-sink.js';
import { LINE_BYTES, appendWithCat, makeLines, makeWorkDir } from './support/bench-files.js';
import { round2, summarize } from './support/stats.js';
import { waitFor } from '../src/shared/testing/wait-for.js';

/** Lines the open test asks for (`--lines 1000`, the default). */
const OPEN_LINES = 1000;
/** Rounds of each throughput measurement; the best is reported (the machine is shared). */
const THROUGHPUT_ROUNDS = 2;
/** Rounds of each open measurement; the median is reported. */
const OPEN_ROUNDS = 15;
/** Longest wait for any one measurement, in ms, before the benchmark gives up. */
const MEASURE_TIMEOUT_MS = 120_000;

/** What {@link benchTailEngine} measured. Rates are per second; times in ms. */
export interface TailEngineBenchResult {
  lines: number;
  lineBytes: number;
  engineMs: number;
  engineLinesPerSec: number;
  engineMBPerSec: number;
  engineBatches: number;
  gnuTailMs: number;
  gnuTailLinesPerSec: number;
  gnuTailMBPerSec: number;
  /** Engine line rate divided by GNU tail's (target: >= 0.25 for the whole pipeline). */
  engineToGnuRatio: number;
  bigFileBytes: number;
  openBigMs: number;
  openSmallMs: number;
  /** Open time of the big file divided by the small one's (target: <= 1.5). */
  openRatio: number;
  /** Opening a 1000-line file (the same lines delivered as from the big file). */
  openSameLinesMs: number;
  /** Open time of the big file divided by the 1000-line file's: the cost of the size alone. */
  openSizeRatio: number;
}

/** Runs the three measurements in `workDir` (created if needed; cleaned afterwards). */
export async function benchTailEngine(options: { lines: number; workDir: string; bigFileBytes?: number }): Promise<TailEngineBenchResult> {
  const lines = options.lines;
  const bigFileBytes = options.bigFileBytes ?? 1024 * 1024 * 1024;
  const work = makeWorkDir(options.workDir, 'tail-engine');
  try {
    const burst = work.file('burst.log');
    writeRepeated(burst, lines * LINE_BYTES);
    const followed = work.file('followed.log');
    writeFileSync(followed, '');
    let engine = { ms: Infinity, batches: 0 };
    let gnuMs = Infinity;
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      const e = await measureEngine(followed, burst, lines);
      if (e.ms < engine.ms) engine = e;
      gnuMs = Math.min(gnuMs, await measureGnuTail(followed, burst, lines * LINE_BYTES));
    }
    const big = work.file('big.log');
    // A whole number of lines: a last line without a newline would wait for the partial-line delay.
    writeRepeated(big, bigFileBytes - (bigFileBytes % LINE_BYTES));
    const small = work.file('small.log');
    writeFileSync(small, makeLines(0, 10));
    const same = work.file('same-lines.log');
    writeFileSync(same, makeLines(0, OPEN_LINES));
    const bigTimes: number[] = [];
    const smallTimes: number[] = [];
    const sameTimes: number[] = [];
    for (let round = 0; round < OPEN_ROUNDS; round++) {
      smallTimes.push(await measureOpen(small, 10));
      bigTimes.push(await measureOpen(big, OPEN_LINES));
      sameTimes.push(await measureOpen(same, OPEN_LINES));
    }
    const openBigMs = summarize(bigTimes).median;
    const openSmallMs = summarize(smallTimes).median;
    const openSameLinesMs = summarize(sameTimes).median;
    const engineLinesPerSec = lines / (engine.ms / 1000);
    const gnuTailLinesPerSec = lines / (gnuMs / 1000);
    return {
      lines,
      lineBytes: LINE_BYTES,
      engineMs: round2(engine.ms),
      engineLinesPerSec: Math.round(engineLinesPerSec),
      engineMBPerSec: round2((engineLinesPerSec * LINE_BYTES) / 1e6),
      engineBatches: engine.batches,
      gnuTailMs: round2(gnuMs),
      gnuTailLinesPerSec: Math.round(gnuTailLinesPerSec),
      gnuTailMBPerSec: round2((gnuTailLinesPerSec * LINE_BYTES) / 1e6),
      engineToGnuRatio: round2(engineLinesPerSec / gnuTailLinesPerSec),
      bigFileBytes,
      openBigMs: round2(openBigMs),
      openSmallMs: round2(openSmallMs),
      openRatio: round2(openBigMs / openSmallMs),
      openSameLinesMs: round2(openSameLinesMs),
      openSizeRatio: round2(openBigMs / openSameLinesMs),
    };
  } finally {
    work.remove();
  }
}

async function measureEngine(followed: string, burst: string, lines: number): Promise<{ ms: number; batches: number }> {
  const sink = new CountingSink('tail-engine benchmark', MEASURE_TIMEOUT_MS);
  const tailer = createFileTailer(followed, sink, { initialLines: 0 });
  tailer.start();
  try {
    await waitFor(() => sink.state === 'following', 'the tailer to follow', MEASURE_TIMEOUT_MS, 2);
    const reached = sink.reach(lines);
    const t0 = performance.now();
    const writer = appendWithCat(burst, followed);
    const ms = (await reached) - t0;
    await writer;
    return { ms, batches: sink.batches };
  } finally {
    await tailer.close();
  }
}

async function measureGnuTail(followed: string, burst: string, burstBytes: number): Promise<number> {
  const tail = spawn('/usr/bin/tail', ['-F', '-n', '0', followed], { stdio: ['ignore', 'pipe', 'ignore'] });
  let received = 0;
  tail.stdout.on('data', (chunk: Buffer) => {
    received += chunk.length;
  });
  try {
    // tail -n 0 prints nothing until it follows: append marker lines until one comes through.
    const marker = 'tail-engine-bench ready\n';
    await waitFor(() => {
      if (received === 0) writeFileSync(followed, marker, { flag: 'a' });
      return received > 0;
    }, 'GNU tail to follow', MEASURE_TIMEOUT_MS, 50);
    await new Promise((r) => setTimeout(r, 100));
    const start = received;
    const t0 = performance.now();
    const writer = appendWithCat(burst, followed);
    await waitFor(() => received - start >= burstBytes, 'the burst out of GNU tail', MEASURE_TIMEOUT_MS, 2);
    const ms = performance.now() - t0;
    await writer;
    return ms;
  } finally {
    tail.kill();
  }
}

async function measureOpen(path: string, expected: number): Promise<number> {
  const sink = new CountingSink('tail-engine benchmark', MEASURE_TIMEOUT_MS);
  const reached = sink.reach(expected);
  const t0 = performance.now();
  const tailer = createFileTailer(path, sink, { initialLines: OPEN_LINES });
  tailer.start();
  const ms = (await reached) - t0;
  await tailer.close();
  return ms;
}

/** Writes `bytes` bytes of 100-byte lines quickly: one 1 MiB-ish block written again and again. */
function writeRepeated(path: string, bytes: number): void {
  const block = makeLines(0, 10_000);
  const fd = openSync(path, 'w');
  try {
    let left = bytes;
    while (left > 0) {
      const n = Math.min(left, block.length);
      writeSync(fd, block, 0, n);
      left -= n;
    }
  } finally {
    closeSync(fd);
  }
}




function parseArgs(argv: string[]): { lines: number; workDir: string; bigFileBytes: number } {
  const out = { lines: 1_000_000, workDir: DEFAULT_WORK_ROOT, bigFileBytes: 1024 * 1024 * 1024 };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--lines' && value) out.lines = Number(value);
    else if (flag === '--work-dir' && value) out.workDir = resolve(value);
    else if (flag === '--big-mib' && value) out.bigFileBytes = Number(value) * 1024 * 1024;
    else throw new Error(`usage: tsx bench/tail-engine.ts [--lines N] [--work-dir DIR] [--big-mib N]`);
  }
  return out;
}

if (isRunDirectly(import.meta.url)) {
  const result = await benchTailEngine(parseArgs(process.argv.slice(2)));
  console.error(
    [
      `engine  : ${result.engineLinesPerSec.toLocaleString()} lines/s, ${result.engineMBPerSec} MB/s (${result.lines} lines in ${result.engineMs} ms, ${result.engineBatches} batches)`,
      `GNU tail: ${result.gnuTailLinesPerSec.toLocaleString()} lines/s, ${result.gnuTailMBPerSec} MB/s (tail -F -n 0 into a pipe)`,
      `ratio   : engine / GNU tail = ${result.engineToGnuRatio}`,
      `open    : ${(result.bigFileBytes / 2 ** 30).toFixed(2)} GiB file, last ${OPEN_LINES} lines in ${result.openBigMs} ms; 10-line file in ${result.openSmallMs} ms; ratio ${result.openRatio}`,
      `          ${OPEN_LINES}-line file in ${result.openSameLinesMs} ms; big / ${OPEN_LINES}-line ratio ${result.openSizeRatio}`,
    ].join('\n'),
  );
  console.log(JSON.stringify(result, null, 2));
}
