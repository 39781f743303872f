/**
 * The event ids of `GET /api/events` (contract section 6). They are opaque to clients; inside,
 * an id holds the position of every source of the stream, so that a client that sends it back
 * (`Last-Event-ID`, or `lastEventId=`) resumes each source exactly where it was, with no state
 * kept on the server between connections:
 *
 *     v1.SOURCE~EPOCH~SEQ.SOURCE~EPOCH~SEQ...
 *
 * SOURCE is a source id, EPOCH the first `EPOCH_PREFIX_LENGTH` characters of the source's epoch
 * (enough to tell a restarted server's source from the one the client saw), SEQ the number of the
 * last line the client has been sent, in base 36. Source ids and epochs are base64url, so `.`
 * and `~` never occur in them.
 */

/** The version tag every id starts with; an id without it is unreadable (forged or stale). */
const ID_VERSION = 'v1';

/** Characters of an epoch kept in an id: 8 base64url characters, 48 random bits. */
export const EPOCH_PREFIX_LENGTH = 8;

/** Most sources an id may name; more is not a real id. Far above any server's source bound. */
const MAX_ID_SOURCES = 10_000;

/** One source's position in an id. */
export interface SourcePosition {
  /** The source's epoch, or (read from an id) its first `EPOCH_PREFIX_LENGTH` characters. */
  epoch: string;
  /** Number of the last line the client was sent (0: none). */
  seq: number;
}

/** Writes an id for these positions, by source id. */
export function formatConsoleStreamId(positions: ReadonlyMap<string, SourcePosition>): string {
  let id = ID_VERSION;
  for (const [source, position] of positions) {
    id += `.${source}~${position.epoch.slice(0, EPOCH_PREFIX_LENGTH)}~${position.seq.toString(36)}`;
  }
  return id;
}

/**
 * Reads an id; `undefined` when it is not one this server writes (forged, damaged, or from
 * another version), which the stream treats as "resume nothing, reset every source".
 */
export function parseConsoleStreamId(id: string): Map<string, SourcePosition> | undefined {
  const parts = id.split('.');
  if (parts[0] !== ID_VERSION || parts.length - 1 > MAX_ID_SOURCES) return undefined;
  const positions = new Map<string, SourcePosition>();
  for (let i = 1; i < parts.length; i++) {
    const match = /^([A-Za-z0-9_-]{1,64})~([A-Za-z0-9_-]{1,64})~([0-9a-z]{1,11})$/.exec(parts[i] as string);
    if (match === null) return undefined;
    const seq = parseInt(match[3] as string, 36);
    if (!Number.isSafeInteger(seq)) return undefined;
    positions.set(match[1] as string, { epoch: match[2] as string, seq });
  }
  return positions;
}

/** Whether a position read from an id names this epoch of a source. */
export function sameEpoch(position: SourcePosition, epoch: string): boolean {
  return position.epoch === epoch.slice(0, EPOCH_PREFIX_LENGTH);
}
