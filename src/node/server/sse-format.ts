import {
  formatEventId,
  type MultiStreamEventMap,
  type MultiStreamEventName,
  type StreamEventMap,
  type StreamEventName,
} from '../../shared/contract.js';
import type { JsonRun } from '../hub/line-segments.js';

/** The keep-alive comment. */
export const SSE_PING = ': ping\n\n';

/** The `retry:` field that opens every stream, on its own (it dispatches no event). */
export function sseRetry(ms: number): string {
  return `retry: ${Math.floor(ms)}\n\n`;
}

/**
 * One SSE event. The data is JSON, which escapes CR and LF (and lone surrogates), so no content
 * can break the framing; the id, when given, must hold no line break (ours are `EPOCH:SEQ`).
 */
export function sseEvent<K extends StreamEventName>(name: K, data: StreamEventMap[K], id?: string): string {
  return eventText(name, data, id);
}

/** One SSE event of `GET /api/events` (a source's events carry `source`); framed as `sseEvent`. */
export function sseMultiEvent<K extends MultiStreamEventName>(name: K, data: MultiStreamEventMap[K], id?: string): string {
  return eventText(name, data, id);
}

function eventText(name: string, data: unknown, id: string | undefined): string {
  const idField = id === undefined ? '' : `id: ${id}\n`;
  return `event: ${name}\n${idField}data: ${JSON.stringify(data)}\n\n`;
}

/**
 * A `lines` event for a run of the ring, its id naming the run's last line: the same bytes as
 * `sseEvent('lines', {seq, lines, t, events, line}, id)` in UTF-8, written around the run's JSON pieces
 * as they are held, so its lines are copied, never encoded again.
 */
export function sseLinesEvent(epoch: string, run: JsonRun): Buffer {
  return sseRunEvent(run, formatEventId(epoch, run.seq + run.count - 1));
}

/**
 * A `lines` event for a run with the given `id`, and, for `GET /api/events`, the `source` it
 * belongs to as the first field of its data: `sseMultiEvent('lines', {source, seq, lines, t,
 * events}, id)` in UTF-8, built as `sseLinesEvent` builds it.
 */
export function sseRunEvent(run: JsonRun, id: string, source?: string): Buffer {
  const sourceField = source === undefined ? '' : `"source":${JSON.stringify(source)},`;
  const head = `event: lines\nid: ${id}\ndata: {${sourceField}"seq":${JSON.stringify(run.seq)},"lines":[`;
  const events = run.events === undefined ? '' : `,"events":${JSON.stringify(run.events)}`;
  const line = run.line === undefined ? '' : `,"line":${JSON.stringify(run.line)}`;
  const tail = `],"t":${JSON.stringify(run.t)}${events}${line}}\n\n`;
  const out = Buffer.allocUnsafe(Buffer.byteLength(head, 'utf8') + run.bytes + Buffer.byteLength(tail, 'utf8'));
  let at = out.write(head, 0, 'utf8');
  for (const [i, piece] of run.pieces.entries()) {
    if (i > 0) at = out.writeUInt8(0x2c, at); // ','
    // A string piece is ASCII (json-lines.ts keeps only ASCII JSON as text): latin1 writes it byte for byte.
    at += typeof piece === 'string' ? out.write(piece, at, 'latin1') : piece.copy(out, at);
  }
  out.write(tail, at, 'utf8');
  return out;
}
