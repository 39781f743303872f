import { FIELD_NAME_ALLOWANCE_BYTES } from './remote-constants.js';
import { formatBytes } from './human-units.js';

/** Byte limits a {@link SseStreamGuard} enforces. */
export interface StreamGuardLimits {
  /**
   * Longest line of any field but `data:`, in bytes (the field name is allowed on top). A `data:`
   * line is bounded by `maxEventBytes`; the bridge cuts it into pieces of this many bytes.
   */
  maxLineBytes: number;
  /** Longest event, and longest line of a Tailstream `lines` event, in bytes. */
  maxEventBytes: number;
}

/** What {@link SseStreamGuard.scan} found in a chunk. */
export type GuardResult =
  | { ok: true }
  /** A limit was passed: pass on only the first `keep` bytes of the chunk, then cut the stream. */
  | { ok: false; keep: number; message: string };

const OK: GuardResult = { ok: true };
const LF = 10;
const CR = 13;
/** Bytes kept from the start of each line: enough for `retry: ` plus a plausible number. */
const HEAD_BYTES = 32;
const RETRY_PREFIX = 'retry:';
const EVENT_PREFIX = 'event:';
const DATA_PREFIX = 'data:';
/** The most digits of a `retry:` value taken seriously (about 11 days in ms). */
const MAX_RETRY_DIGITS = 9;

/**
 * Watches the raw bytes of an SSE response before they reach the EventSource parser, which would
 * otherwise buffer an endless line or event until memory runs out. It splits the bytes at line
 * breaks the way the SSE spec does (CRLF, LF or CR, also across chunks) and counts the bytes of
 * the current line and the current event.
 *
 * It also reads the `retry:` field, because the EventSource keeps that value private and the
 * bridge runs its own reconnection (with backoff) around it.
 */
export class SseStreamGuard {
  /** The last valid `retry:` value seen, in ms; `undefined` until the server sends one. */
  retryMs: number | undefined;

  private readonly lineLimit: number;
  private readonly eventLimit: number;
  private readonly limits: StreamGuardLimits;
  private lineBytes = 0;
  private eventBytes = 0;
  private afterCR = false;
  private readonly head = new Uint8Array(HEAD_BYTES);
  private headLength = 0;
  private inTailstreamLines = false;

  constructor(limits: StreamGuardLimits) {
    this.limits = limits;
    this.lineLimit = limits.maxLineBytes + FIELD_NAME_ALLOWANCE_BYTES;
    this.eventLimit = limits.maxEventBytes;
  }

  /** Scans the next chunk of the response body, in order. */
  scan(chunk: Uint8Array): GuardResult {
    const length = chunk.length;
    let pos = 0;
    let nextLF = chunk.indexOf(LF);
    let nextCR = chunk.indexOf(CR);
    while (pos < length) {
      // Re-search for a break only once the cached position has been passed, so a chunk with
      // many LFs and no CR (the usual case) stays linear.
      if (nextLF !== -1 && nextLF < pos) nextLF = chunk.indexOf(LF, pos);
      if (nextCR !== -1 && nextCR < pos) nextCR = chunk.indexOf(CR, pos);
      if (this.afterCR) {
        this.afterCR = false;
        if (chunk[pos] === LF) {
          pos += 1; // the LF of a CRLF pair: the line already ended at the CR
          continue;
        }
      }
      const lineBreak = nextLF === -1 ? nextCR : nextCR === -1 ? nextLF : Math.min(nextLF, nextCR);
      const end = lineBreak === -1 ? length : lineBreak;
      const bytesBefore = this.lineBytes;
      this.keepHead(chunk, pos, end);
      this.lineBytes += end - pos;

      // A `data:` line is bounded by the event limit only: the bridge cuts a long one into
      // pieces of the line limit, as the contract cuts a long line of a file. Every other field
      // (comments, `id:`, `event:`, unknown names) has no business being long.
      const lineLimit = this.inTailstreamLines ? this.eventLimit : this.lineLimit;
      if (this.lineBytes > lineLimit && !this.isDataLine()) {
        const shown = this.inTailstreamLines ? this.eventLimit : this.limits.maxLineBytes;
        return this.trip(bytesBefore === 0 ? pos : 0, `The server sent a line of more than ${formatBytes(shown)} without ending it`);
      }
      if (this.eventBytes + this.lineBytes > this.eventLimit) {
        return this.trip(bytesBefore === 0 ? pos : 0, `The server sent an event of more than ${formatBytes(this.eventLimit)} without ending it`);
      }
      if (lineBreak === -1) break;
      this.endLine();
      this.afterCR = chunk[lineBreak] === CR;
      pos = lineBreak + 1;
    }
    return OK;
  }

  /** True when the current line is a `data:` field (its first bytes are in the head). */
  private isDataLine(): boolean {
    const head = this.head;
    return this.headLength >= DATA_PREFIX.length && head[0] === 0x64 && head[1] === 0x61 && head[2] === 0x74 && head[3] === 0x61 && head[4] === 0x3a;
  }

  private trip(keep: number, message: string): GuardResult {
    return { ok: false, keep, message };
  }

  private keepHead(chunk: Uint8Array, from: number, to: number): void {
    const room = HEAD_BYTES - this.headLength;
    if (room <= 0 || to <= from) return;
    const take = Math.min(room, to - from);
    this.head.set(chunk.subarray(from, from + take), this.headLength);
    this.headLength += take;
  }

  private endLine(): void {
    const length = this.lineBytes;
    if (length === 0) {
      // A blank line ends the event.
      this.eventBytes = 0;
      this.inTailstreamLines = false;
    } else {
      this.eventBytes += length;
      const first = this.head[0];
      if (first === 0x72 /* r */ || first === 0x65 /* e */) this.readField(length);
    }
    this.lineBytes = 0;
    this.headLength = 0;
  }

  /** Reads `retry:` and `event:` lines, which are short enough to sit whole in the head. */
  private readField(length: number): void {
    if (length > this.headLength) return;
    const line = String.fromCharCode(...this.head.subarray(0, this.headLength));
    if (line.startsWith(RETRY_PREFIX)) {
      const value = valueOf(line, RETRY_PREFIX);
      // As the spec says: only ASCII digits count; anything else is ignored.
      if (/^\d+$/.test(value) && value.length <= MAX_RETRY_DIGITS) this.retryMs = Number(value);
    } else if (line.startsWith(EVENT_PREFIX)) {
      this.inTailstreamLines = valueOf(line, EVENT_PREFIX) === 'lines';
    }
  }
}

/** The value of a field line: what follows the colon, without one leading space. */
function valueOf(line: string, prefix: string): string {
  const rest = line.slice(prefix.length);
  return rest.startsWith(' ') ? rest.slice(1) : rest;
}
