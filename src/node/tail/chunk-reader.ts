import type { BatchPosition, SourceSink } from '../source-sink.js';
import type { FollowedFile } from './followed-file.js';
import type { LineSplitter } from './line-splitter.js';

/**
 * First read of every wake-up, in bytes. 64 KiB: an ordinary append (a few lines) fits, and an
 * idle source holds no more than this.
 */
export const SMALL_READ_BYTES = 64 * 1024;

/**
 * Read size, in bytes, once a wake-up finds more than {@link SMALL_READ_BYTES} waiting (a burst,
 * the initial lines, a rewrite). 1 MiB: large enough that per-read costs vanish next to the
 * splitting (one `pushLines` of ~10,000 100-byte lines per read), small enough that the first
 * lines of a burst reach the sink within a millisecond or two.
 */
export const READ_CHUNK_BYTES = 1024 * 1024;

/** Most big read buffers kept for reuse across all tailers, so that idle memory stays bounded. */
export const POOLED_CHUNKS_MAX = 4;

const pool: Buffer[] = [];

function acquireChunk(): Buffer {
  return pool.pop() ?? Buffer.allocUnsafeSlow(READ_CHUNK_BYTES);
}

function releaseChunk(chunk: Buffer): void {
  if (pool.length < POOLED_CHUNKS_MAX) pool.push(chunk);
}

/**
 * Reads a followed file to its current end and feeds the lines to the sink, one `pushLines` per
 * read. Big reads are double-buffered: the next read runs in libuv's thread pool while this
 * chunk is split on the main thread.
 */
export class ChunkReader {
  private small: Buffer | undefined = Buffer.allocUnsafeSlow(SMALL_READ_BYTES);

  /**
   * Reads until a short read (the end, for now). Returns how many bytes were read. The first read
   * of an ordinary change is small and synchronous (FollowedFile's class comment says why).
   */
  async readToEnd(file: FollowedFile, splitter: LineSplitter, sink: SourceSink, isStopped: () => boolean): Promise<number> {
    let total = 0;
    // Known backlog (the initial lines, a burst seen by stat): go straight to big reads.
    if (file.backlog <= SMALL_READ_BYTES) {
      const small = (this.small ??= Buffer.allocUnsafeSlow(SMALL_READ_BYTES));
      const at = file.position;
      const n = file.readNow(small);
      if (n > 0) feed(splitter, sink, small, n, at, file);
      if (n < small.length || isStopped()) return n;
      total = n;
    }
    let chunk = acquireChunk();
    let spare = acquireChunk();
    let inFlight: Promise<number> | undefined;
    try {
      let at = file.position;
      let read = await file.read(chunk);
      while (read > 0 && !isStopped()) {
        total += read;
        const chunkAt = at;
        at += read;
        inFlight = read === chunk.length ? file.read(spare) : undefined;
        feed(splitter, sink, chunk, read, chunkAt, file);
        if (!inFlight) break;
        read = await inFlight;
        inFlight = undefined;
        [chunk, spare] = [spare, chunk];
      }
    } finally {
      // Never hand a buffer back to the pool while a read is still writing into it.
      if (inFlight) await inFlight.catch(() => 0);
      releaseChunk(chunk);
      releaseChunk(spare);
    }
    return total;
  }

  /** Drops the reader's own buffer (the tailer stopped). */
  close(): void {
    this.small = undefined;
  }
}

/**
 * Splits a chunk read at file offset `at` and hands its lines over with where the first one
 * starts, then (for a sink that resumes) where the last one ends.
 */
function feed(splitter: LineSplitter, sink: SourceSink, chunk: Buffer, length: number, at: number, file: FollowedFile): void {
  sink.bytesRead?.(length === chunk.length ? chunk : chunk.subarray(0, length), at);
  const held = splitter.pendingByteCount;
  const afterFlush = splitter.continuesFlushedLine;
  const lineEnd = afterFlush ? splitter.bareLineEndBytes(chunk, length) : 0;
  const lines = splitter.push(chunk, 0, length);
  if (lines.length === 0) return;
  sink.pushLines(lines, undefined, batchPosition(at, held, afterFlush, lineEnd));
  sink.readPosition?.({ dev: String(file.dev), ino: String(file.ino), offset: at + length - splitter.pendingByteCount });
}

/**
 * Where the first line of a chunk's batch starts: at the held bytes of an unfinished line, if
 * any, else at the chunk. After a line delivered unfinished, a bare line end (`bareLineEnd`
 * bytes, counted from the held ones: `LineSplitter.bareLineEndBytes`) only ends it, and the
 * first line starts after it; any other byte continues it.
 */
export function batchPosition(at: number, held: number, afterFlush: boolean, bareLineEnd: number): BatchPosition {
  if (!afterFlush) return { at: at - held };
  if (bareLineEnd > 0) return { at: at - held + bareLineEnd };
  return { at: at - held, continues: true };
}
