import { parseEventId, type ResetPayload } from '../../shared/contract.js';

/** Where a new stream starts reading. */
export interface StreamStart {
  /** Number of the first line to send (a `gap` goes first when it is no longer held). */
  cursor: number;
  /** Present when the client's last event id named another epoch. */
  reset?: ResetPayload;
}

/** What the plan needs to know of the source. */
export interface StartSource {
  epoch: string;
  firstSeq: number;
  lastSeq: number;
}

/**
 * Decides where a stream starts: after the client's `lastEventId` when it names this epoch
 * (a gap, if any, is the pump's job), else the last `history` held lines, after a `reset` when
 * the id named another epoch. An id that is not of the form `EPOCH:SEQ` counts as none.
 */
export function planStreamStart(source: StartSource, lastEventId: string | undefined, history: number): StreamStart {
  const next = source.lastSeq + 1;
  const parsed = lastEventId === undefined || lastEventId === '' ? undefined : parseEventId(lastEventId);
  if (parsed !== undefined && parsed.epoch === source.epoch) {
    // A client cannot have seen a line past the newest; clamp so it misses nothing that comes.
    return { cursor: Math.min(parsed.seq + 1, next) };
  }
  const fromHistory = source.lastSeq === 0 ? 1 : Math.max(source.firstSeq, next - Math.max(0, history));
  return parsed !== undefined ? { cursor: fromHistory, reset: { epoch: source.epoch } } : { cursor: fromHistory };
}
