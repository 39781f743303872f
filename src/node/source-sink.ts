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
   * name the line came from (`""` for none).
   */
  pushLines(lines: readonly string[], events?: readonly string[]): void;
  /** Reports a state change, with a message a person can act on where there is one. */
  setState(state: SourceState, message?: string): void;
  /** Reports a truncation, rotation or re-creation of a followed file. */
  notice(kind: NoticeKind, message: string): void;
}

/** A running producer of lines for one source. */
export interface SourceProducer {
  /** Starts reading; errors are reported through the sink as states, never thrown. */
  start(): void;
  /** Stops reading and releases every descriptor, watcher and timer. Idempotent. */
  stop(): Promise<void>;
}
