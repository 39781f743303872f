import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createParser } from 'eventsource-parser';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import type { LinesAnswer, SourceInfo } from '../../../shared/contract.js';
import type { SourceEncoding } from '../../../shared/text-encodings.js';
import { LineSplitter } from '../../tail/line-splitter.js';
import { startTestServer, type TestServer } from '../../server/testing/test-server.js';
import { waitFor } from '../../../shared/testing/wait-for.js';
import { useFreshFileWorker } from './file-worker-bundle.js';

/** Test support: a temp folder, a real server, and the whole-file routes as plain calls. */
export interface FileHarness {
  dir: string;
  test: TestServer;
  /** Adds a file source (read in `encoding`, default UTF-8) and returns its id. */
  open(file: string, encoding?: SourceEncoding): string;
  info(id: string): Promise<SourceInfo>;
  /** Waits until the index is complete with at least `lines` lines (and `size` bytes, when given). */
  indexed(id: string, lines: number, size?: number): Promise<SourceInfo>;
  lines(id: string, from: number, count: number): Promise<LinesAnswer>;
  /** Reads every indexed line, 10,000 at a time. */
  allLines(id: string): Promise<string[]>;
  /** Runs a search to its end: every event's data, by name. */
  search(id: string, query: Record<string, string>): Promise<SearchResult>;
  close(): Promise<void>;
}

/** What a search stream said. */
export interface SearchResult {
  status: number;
  lines: number[];
  progress: unknown[];
  done: { matches: number; scannedBytes: number; ms: number } | undefined;
  error?: string;
}

/**
 * Test support: registers hooks that bundle the worker once for the calling test file and give
 * every test a fresh harness; returns a stand-in that always reaches the current test's harness.
 */
export function useFileHarness(): FileHarness {
  let current: FileHarness | undefined;
  beforeAll(useFreshFileWorker);
  beforeEach(async () => {
    current = await startFileHarness();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return new Proxy({} as FileHarness, {
    get(_target, key) {
      if (current === undefined) throw new Error('The file harness exists only while a test runs.');
      const value = current[key as keyof FileHarness];
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/** Starts a harness (call `close` after). */
export async function startFileHarness(options: { initialLines?: number; pollIntervalMs?: number } = {}): Promise<FileHarness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tailstream-files-'));
  const test = await startTestServer(options);
  const info = async (id: string): Promise<SourceInfo> => (await (await test.api(`/api/sources/${id}`)).json()) as SourceInfo;
  const lines = async (id: string, from: number, count: number): Promise<LinesAnswer> => {
    const res = await test.api(`/api/sources/${id}/lines?from=${from}&count=${count}`);
    if (res.status !== 200) throw new Error(`lines ${from}+${count}: ${res.status} ${await res.text()}`);
    return (await res.json()) as LinesAnswer;
  };
  return {
    dir,
    test,
    open: (file, encoding) => test.server.sources.addFile(file, encoding).id,
    info,
    indexed: async (id, want, size) => {
      let last: SourceInfo | undefined;
      await pollUntil(async () => {
        last = await info(id);
        const file = last.file;
        return file !== undefined && file.complete && file.lines >= want && (size === undefined || file.size === size);
      }, `the index of ${id} to hold ${want} lines (last: ${JSON.stringify(last?.file)})`);
      return last as SourceInfo;
    },
    lines,
    allLines: async (id) => {
      const out: string[] = [];
      for (;;) {
        const answer = await lines(id, out.length + 1, 10_000);
        out.push(...answer.lines);
        if (answer.lines.length === 0 || out.length >= answer.total) return out;
      }
    },
    search: async (id, query) => {
      const params = new URLSearchParams(query).toString();
      const res = await test.api(`/api/sources/${id}/search?${params}`);
      const result: SearchResult = { status: res.status, lines: [], progress: [], done: undefined };
      if (res.status !== 200) {
        result.error = ((await res.json()) as { error: { message: string } }).error.message;
        return result;
      }
      const parser = createParser({
        onEvent: (event) => {
          const data = JSON.parse(event.data) as Record<string, unknown>;
          if (event.event === 'matches') result.lines.push(...(data.lines as number[]));
          else if (event.event === 'progress') result.progress.push(data);
          else if (event.event === 'done') result.done = data as SearchResult['done'];
          else if (event.event === 'error') result.error = data.message as string;
        },
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
      return result;
    },
    close: async () => {
      await test.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls an async condition (the server's answers) until it holds: `waitFor` at a 20 ms step. */
export function pollUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  return waitFor(condition, what, timeoutMs, 20);
}

/** Lines `from` .. `to` of a file as `sed -n` prints them, decoded as the wire contract says (for files without lines over 1 MiB). */
export function sedLines(file: string, from: number, to: number): string[] {
  const out = execFileSync('sed', ['-n', `${from},${to}p`, file], { maxBuffer: 1 << 30 });
  return splitDecoded(out);
}

/** Every line of a file as the tail engine cuts it (pieces of 1 MiB and all): the oracle for any file. */
export function engineLines(bytes: Buffer): string[] {
  const splitter = new LineSplitter();
  return [...splitter.push(bytes), ...splitter.flushPartial()];
}

function splitDecoded(bytes: Buffer): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl === -1 ? bytes.length : nl;
    let e = end;
    if (nl !== -1 && e > start && bytes[e - 1] === 0x0d) e--;
    lines.push(bytes.toString('utf8', start, e));
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}
