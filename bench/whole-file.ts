/**
 * Whole files (wire contract section 7): indexing a big file, reading lines by number, searching
 * it, beside `wc -l`, `grep -c` and (when installed) lnav on the same file in the same run. The
 * server runs in this process, so its RSS growth is this process's.
 *
 *   npx tsx bench/whole-file.ts [--bytes N] [--runs N]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { startTailstreamServer, type TailstreamServer } from '../src/node/tailstream-server.js';
import { createParser } from 'eventsource-parser';
import type { SourceInfo } from '../src/shared/contract.js';
import { DEFAULT_WORK_ROOT, isRunDirectly } from './support/cli.js';
import { makeWorkDir } from './support/bench-files.js';
import { waitFor } from '../src/shared/testing/wait-for.js';

/** The word searched for: on one line in 1,000, as a rare error would be. */
export const NEEDLE = 'NEEDLE';
/** The regex searched for: the same lines, found the slow way. */
export const NEEDLE_REGEX = 'NEED[L]E id=\\d+';
/** Lines of the block the file repeats. */
const BLOCK_LINES = 11_000;
/** Random `lines` reads measured, each of `READ_COUNT` lines. */
const READS = 500;
const READ_COUNT = 100;
/** Longest the index may take, in ms, before the run fails. */
const INDEX_TIMEOUT_MS = 120_000;

/** Options of one run. */
export interface WholeFileOptions {
  bytes: number;
  /** Index and search repetitions. */
  runs: number;
  workDir: string;
}

/** What one run measured (times in ms). */
export interface WholeFileResult {
  bytes: number;
  lines: number;
  wcMs: number[];
  grepMs: number[];
  grepMatches: number;
  lnav: { indexMs: number; rssBytes: number; filterMs: number } | undefined;
  indexMs: number[];
  indexBytesPerLine: number;
  rssGrowthBytes: number;
  readP50Ms: number;
  readP99Ms: number;
  literalMs: number[];
  literalMatches: number;
  regexMs: number[];
  regexMatches: number;
  /** The literal search by entry (`entries=1`): every match's entry read and judged whole. */
  entriesMs: number[];
  entriesMatches: number;
  /** E in a file's tab: a step to the next error from line 0, over lines that hold none (level-step). */
  levelStep: { ms: number; lines: number };
  /** The same file compressed (`gzip -1`): its size, `zcat | wc -l`, and Tailstream opening it to a complete index. */
  gz: { bytes: number; zcatWcMs: number; openMs: number };
}

/** About 1 GB / 11M lines at full size: lines of 60 to 120 bytes, a NEEDLE on every 1000th. */
function writeBigFile(file: string, bytes: number): number {
  let text = '';
  for (let i = 0; i < BLOCK_LINES; i++) {
    const word = i % 1000 === 500 ? `${NEEDLE} id=${i}` : 'GET /api/items';
    text += `2026-12-05T12:${String(i % 60).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}Z INFO worker-${i % 16} ${word} ${'x'.repeat(i % 61)}\n`;
  }
  const block = Buffer.from(text);
  const fd = openSync(file, 'w');
  let lines = 0;
  try {
    for (let left = bytes; left >= block.length; left -= block.length) {
      writeSync(fd, block);
      lines += BLOCK_LINES;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/** lnav's headless time and peak RSS for `args`, or undefined when lnav is not installed. */
function lnavRun(args: string[]): { ms: number; rssBytes: number } | undefined {
  if (spawnSync('sh', ['-c', 'command -v lnav']).status !== 0) return undefined;
  const started = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', 'lnav', ...args], { encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, HOME: process.env.HOME ?? '/tmp' } });
  const ms = performance.now() - started;
  const kib = Number(/(\d+)\s*$/.exec(run.stderr ?? '')?.[1] ?? NaN);
  return { ms, rssBytes: kib * 1024 };
}

async function info(server: TailstreamServer, id: string): Promise<SourceInfo> {
  return server.hub.get(id) as SourceInfo;
}

async function searchMs(server: TailstreamServer, id: string, query: Record<string, string>): Promise<{ ms: number; matches: number }> {
  const started = performance.now();
  const res = await fetch(`${server.url}/api/sources/${id}/search?${new URLSearchParams(query).toString()}`, { headers: { Authorization: `Bearer ${server.token}` } });
  let matches = -1;
  const parser = createParser({
    onEvent: (event) => {
      if (event.event === 'done') matches = (JSON.parse(event.data) as { matches: number }).matches;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  return { ms: performance.now() - started, matches };
}

function rssAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

/** Runs the whole-file measurements. */
export async function benchWholeFile(options: WholeFileOptions): Promise<WholeFileResult> {
  const dir = makeWorkDir(options.workDir, 'whole-file');
  try {
    const file = dir.file('big.log');
    const lines = writeBigFile(file, options.bytes);
    const bytes = lines === 0 ? 0 : Number(execFileSync('stat', ['-c', '%s', file], { encoding: 'utf8' }).trim());
    process.stderr.write(`file: ${bytes} bytes, ${lines} lines\n`);
    execFileSync('cat', [file], { stdio: ['ignore', 'ignore', 'inherit'] }); // into the page cache
    const wcMs: number[] = [];
    const grepMs: number[] = [];
    let grepMatches = 0;
    for (let run = 0; run < options.runs; run++) {
      wcMs.push(timed(() => execFileSync('wc', ['-l', file])));
      grepMs.push(timed(() => (grepMatches = Number(execFileSync('grep', ['-c', NEEDLE, file], { encoding: 'utf8' }).trim()))));
    }
    const lnavIndex = lnavRun(['-n', '-q', file]);
    const lnavFilter = lnavIndex === undefined ? undefined : lnavRun(['-n', '-q', '-c', `:filter-in ${NEEDLE}`, file]);
    const lnav = lnavIndex === undefined ? undefined : { indexMs: lnavIndex.ms, rssBytes: lnavIndex.rssBytes, filterMs: lnavFilter?.ms ?? NaN };

    const server = await startTailstreamServer({ host: '127.0.0.1', port: 0 });
    try {
      const indexMs: number[] = [];
      let id = '';
      let indexBytesPerLine = NaN;
      let rssGrowthBytes = NaN;
      for (let run = 0; run < options.runs; run++) {
        if (id !== '') await server.hub.remove(id);
        const rss0 = rssAfterGc();
        const started = performance.now();
        id = server.sources.addFile(file).id;
        await waitFor(async () => {
          const progress = (await info(server, id)).file;
          return progress !== undefined && progress.complete && progress.lines === lines;
        }, 'the index to complete', INDEX_TIMEOUT_MS, 2);
        indexMs.push(performance.now() - started);
        const index = server.sources.file(id)?.index;
        indexBytesPerLine = (index?.memoryBytes ?? NaN) / lines;
        rssGrowthBytes = rssAfterGc() - rss0;
        process.stderr.write(`index: ${indexMs.at(-1)?.toFixed(0)} ms, ${indexBytesPerLine.toFixed(2)} B/line, RSS +${(rssGrowthBytes / 1e6).toFixed(0)} MB\n`);
      }
      const reads: number[] = [];
      for (let i = 0; i < READS; i++) {
        const from = 1 + Math.floor(Math.random() * Math.max(1, lines - READ_COUNT));
        const started = performance.now();
        const res = await fetch(`${server.url}/api/sources/${id}/lines?from=${from}&count=${READ_COUNT}`, { headers: { Authorization: `Bearer ${server.token}` } });
        await res.arrayBuffer();
        reads.push(performance.now() - started);
      }
      reads.sort((a, b) => a - b);
      const literalMs: number[] = [];
      const regexMs: number[] = [];
      let literalMatches = 0;
      let regexMatches = 0;
      const entriesMs: number[] = [];
      let entriesMatches = 0;
      for (let run = 0; run < options.runs; run++) {
        const literal = await searchMs(server, id, { q: NEEDLE, case: '1' });
        literalMs.push(literal.ms);
        literalMatches = literal.matches;
        const regex = await searchMs(server, id, { q: NEEDLE_REGEX, regex: '1', case: '1' });
        regexMs.push(regex.ms);
        regexMatches = regex.matches;
        const entries = await searchMs(server, id, { q: NEEDLE, case: '1', entries: '1' });
        entriesMs.push(entries.ms);
        entriesMatches = entries.matches;
        process.stderr.write(`search: literal ${literal.ms.toFixed(0)} ms, regex ${regex.ms.toFixed(0)} ms, by entry ${entries.ms.toFixed(0)} ms\n`);
      }
      // E in a file's tab: the file has no error, so a step looks at as many lines as a request may.
      const stepStarted = performance.now();
      const step = (await (await fetch(`${server.url}/api/sources/${id}/level-step?level=error&from=0&entries=1`, { headers: { Authorization: `Bearer ${server.token}` } })).json()) as { reached: number };
      const levelStep = { ms: performance.now() - stepStarted, lines: step.reached };
      process.stderr.write(`level step: ${levelStep.lines} lines in ${levelStep.ms.toFixed(0)} ms\n`);
      const gz = await openCompressed(server, file, lines);
      process.stderr.write(`gz: ${gz.bytes} bytes, zcat | wc -l ${gz.zcatWcMs.toFixed(0)} ms, open ${gz.openMs.toFixed(0)} ms\n`);
      return {
        levelStep,
        gz,
        bytes,
        lines,
        wcMs,
        grepMs,
        grepMatches,
        lnav,
        indexMs,
        indexBytesPerLine,
        rssGrowthBytes,
        readP50Ms: reads[Math.floor(reads.length * 0.5)] ?? NaN,
        readP99Ms: reads[Math.floor(reads.length * 0.99)] ?? NaN,
        literalMs,
        literalMatches,
        regexMs,
        regexMatches,
        entriesMs,
        entriesMatches,
      };
    } finally {
      await server.close();
    }
  } finally {
    dir.remove();
  }
}

/**
 * The file compressed with `gzip -1` (not timed), then `zcat FILE | wc -l` beside Tailstream
 * opening the `.gz` (decompressed to a temporary file, then indexed) until every line is indexed.
 */
async function openCompressed(server: TailstreamServer, file: string, lines: number): Promise<WholeFileResult['gz']> {
  const gz = `${file}.gz`;
  execFileSync('sh', ['-c', 'gzip -1 -c "$1" > "$2"', 'sh', file, gz]);
  const bytes = Number(execFileSync('stat', ['-c', '%s', gz], { encoding: 'utf8' }).trim());
  execFileSync('cat', [gz], { stdio: ['ignore', 'ignore', 'inherit'] }); // into the page cache
  const zcatWcMs = timed(() => execFileSync('sh', ['-c', 'zcat "$1" | wc -l', 'sh', gz]));
  const started = performance.now();
  const id = server.sources.addFile(gz).id;
  await waitFor(async () => {
    const progress = (await info(server, id)).file;
    return progress !== undefined && progress.complete && progress.lines === lines;
  }, 'the .gz to be decompressed and indexed', INDEX_TIMEOUT_MS, 2);
  const openMs = performance.now() - started;
  await server.hub.remove(id);
  return { bytes, zcatWcMs, openMs };
}

if (isRunDirectly(import.meta.url)) {
  const argv = process.argv.slice(2);
  const value = (flag: string, fallback: number): number => {
    const at = argv.indexOf(flag);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const result = await benchWholeFile({ bytes: value('--bytes', 64 * 2 ** 20), runs: value('--runs', 1), workDir: DEFAULT_WORK_ROOT });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
