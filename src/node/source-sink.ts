import type { NoticeKind, SourceState } from '../shared/contract.js';

/**
 * What a line producer (the tail engine, the remote bridge) writes into. The source hub
 * implements it: it numbers the lines, holds them in its ring and fans them out to streams.
 *
 * Producers call it synchronously and in order; the hub never calls back into the producer.
 */
export interface SourceSink {
  /**
   * Appends complete lines, in order. Each string is one line without its line ending, already
   * cut to at most `MAX_LINE_BYTES` of UTF-8, and must not share memory with a larger chunk
   * (copy it out first). `events`, when given, has one entry per line: the remote SSE event
   * name the line came from (`""` for none). `position`, from file producers only, says where in
   * the followed file the batch's first line starts.
   */
  pushLines(lines: readonly string[], events?: readonly string[], position?: BatchPosition): void;
  /**
   * Reports a state change, with a message a person can act on where there is one, and (a remote
   * source that failed) when it tries again, in ms since the Unix epoch.
   */
  setState(state: SourceState, message?: string, retryAt?: number): void;
  /** Reports a truncation, rotation or re-creation of a followed file. */
  notice(kind: NoticeKind, message: string): void;
  /**
   * File producers only: from now on the lines come from this file, starting at byte `start`
   * (a file opened, re-created or rotated in, or the same file read again from 0 after a
   * truncation). Optional: a sink that does not care leaves it out.
   */
  fileOpened?(file: OpenedFile): void;
  /**
   * Optional, for a sink that must resume where it stopped (`tailstream publish`): the tail
   * engine calls it right after a `pushLines`, and when it begins reading a file, with the byte
   * offset in `file` (device + inode) where the lines pushed so far end. Bytes of an unfinished
   * line are not counted: reading again from `offset` gives the next line whole.
   */
  readPosition?(file: FilePosition): void;
  /**
   * Optional, for a sink that indexes the file (a file source): the tail engine calls it with
   * every read of the current file, before the lines of those bytes: `bytes` were read at byte
   * `at`. The buffer is reused once the call returns (copy what must be kept).
   */
  bytesRead?(bytes: Buffer, at: number): void;
  /**
   * File producers only: the file read so far was let go (deleted, or replaced while nothing has
   * the name yet); no file is read until `fileOpened` again. Optional.
   */
  fileClosed?(): void;
}

/** Where a batch of a file's lines starts in the file. */
export interface BatchPosition {
  /** Byte offset of the first line's first byte in the followed file. */
  at: number;
  /**
   * True when the first line continues a line already delivered unfinished (the partial-line
   * timeout): it is more of the same file line, not a new one.
   */
  continues?: boolean;
}

/** The file a file producer reads from now on. */
export interface OpenedFile {
  /** Device and inode: what makes the file itself, whatever its name. */
  dev: bigint;
  ino: bigint;
  /** The descriptor the producer reads through (a way back to this very file on Linux: /proc/self/fd). */
  fd: number;
  /** Byte where the producer's reading starts. */
  start: number;
}

/** Where in which file (device + inode, as decimal strings) the lines read so far end. */
export interface FilePosition {
  dev: string;
  ino: string;
  /** Byte offset of the first byte not yet turned into a line. */
  offset: number;
}

/** A running producer of lines for one source. */
export interface SourceProducer {
  /** Starts reading; errors are reported through the sink as states, never thrown. */
  start(): void;
  /** Stops reading and releases every descriptor, watcher and timer. Idempotent. */
  close(): Promise<void>;
}
