import { formatEventId, type LinesPayload, type StreamEventMap, type StreamEventName } from '../../shared/contract.js';
import type { RingSlice } from '../hub/line-ring.js';

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
  const idField = id === undefined ? '' : `id: ${id}\n`;
  return `event: ${name}\n${idField}data: ${JSON.stringify(data)}\n\n`;
}

/** A `lines` event for a slice of the ring, its id naming the slice's last line. */
export function sseLinesEvent(epoch: string, slice: RingSlice): string {
  const payload: LinesPayload = { seq: slice.seq, lines: slice.lines, t: slice.t };
  if (slice.events !== undefined) payload.events = slice.events;
  return sseEvent('lines', payload, formatEventId(epoch, slice.seq + slice.lines.length - 1));
}
