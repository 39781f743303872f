/**
 * Opening files, measured as the product does it: on a running `tailstream serve BIG SMALL`
 * (default `--lines 1000`), a client opens the file as a new source (`POST /api/sources`),
 * connects to its stream and waits until it holds the file's last line. The time from the
 * request to that moment is one open. A 1 GiB file and a 10-line file are opened alternately,
 * many times, so both see the same conditions.
 */
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { makeLines, makeWorkDir, writeLinesFile, LINE_BYTES } from './bench-files.js';
import { SseLineCounter } from './sse-line-counter.js';
import { SERVER_WAIT_MS, startServed, type Served } from './served.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';

/** Lines a file source loads on open (`--lines`' default, DEFAULT_INITIAL_LINES). */
export const OPEN_LINES = 1000;

/** Lines of the small file (the "10-line file"). */
const SMALL_LINES = 10;

/** Opens before the measured ones, unrecorded: they warm up the JIT and the page cache. */
const WARMUP_OPENS = 3;

/** Longest one open may take, in ms, before the run fails. */
const OPEN_TIMEOUT_MS = 30_000;

/** The open times of one session, in ms, in the order measured. */
export interface OpenTimes {
  bigFileBytes: number;
  bigMs: number[];
  smallMs: number[];
}

/** Opens a `bigFileBytes` file and a 10-line file `rounds` times each on one server. */
export async function measureOpenTimes(options: { bigFileBytes: number; rounds: number; workRoot: string }): Promise<OpenTimes> {
  const dir = makeWorkDir(options.workRoot, 'open');
  try {
    const big = dir.file('big.log');
    const bigLines = Math.floor(options.bigFileBytes / LINE_BYTES);
    writeLinesFile(big, bigLines);
    const small = dir.file('small.log');
    writeFileSync(small, makeLines(0, SMALL_LINES));
    const served = await startServed([big, small]);
    try {
      await waitFor(async () => (await served.sources()).every((source) => source.state === 'following'), 'both files to be followed', SERVER_WAIT_MS);
      for (let i = 0; i < WARMUP_OPENS; i++) {
        await openOnce(served, small, SMALL_LINES);
        await openOnce(served, big, OPEN_LINES);
      }
      const bigMs: number[] = [];
      const smallMs: number[] = [];
      for (let round = 0; round < options.rounds; round++) {
        // Alternate which goes first, so neither always runs right after the other.
        if (round % 2 === 0) {
          smallMs.push(await openOnce(served, small, SMALL_LINES));
          bigMs.push(await openOnce(served, big, OPEN_LINES));
        } else {
          bigMs.push(await openOnce(served, big, OPEN_LINES));
          smallMs.push(await openOnce(served, small, SMALL_LINES));
        }
      }
      return { bigFileBytes: bigLines * LINE_BYTES, bigMs, smallMs };
    } finally {
      await served.close();
    }
  } finally {
    dir.remove();
  }
}

/** One open: add the source, follow its stream until line `lines` is in; then remove it. */
async function openOnce(served: Served, file: string, lines: number): Promise<number> {
  const started = performance.now();
  const info = await served.addFile(file);
  const counter = new SseLineCounter();
  const path = served.eventsPath(info.id, { history: String(OPEN_LINES) });
  const finished = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`opening ${file}: line ${lines} did not arrive within ${OPEN_TIMEOUT_MS} ms`));
    }, OPEN_TIMEOUT_MS);
    const request = http.get({ host: '127.0.0.1', port: served.handle.port, path, headers: { Accept: 'text/event-stream' } }, (res) => {
      res.on('data', (chunk: Buffer) => {
        try {
          counter.push(chunk);
        } catch (error) {
          reject(error as Error);
        }
        if (counter.state.lastSeq >= lines) {
          const at = performance.now();
          clearTimeout(timer);
          request.destroy();
          if (counter.state.lines !== lines) reject(new Error(`opening ${file}: got ${counter.state.lines} lines, expected ${lines}`));
          else resolve(at);
        }
      });
    });
    request.on('error', (error) => {
      if (!request.destroyed || counter.state.lastSeq < lines) reject(error);
    });
  });
  await served.remove(info.id);
  return finished - started;
}
