import {
  SOURCE_STATES,
  parseEventId,
  type NoticeKind,
  type SourceState,
} from '../../shared/contract.js';

/** Where the events of an upstream Tailstream go. */
export interface ChainHandlers {
  /** Lines of a `lines` event, one for one; `events[i]` is the upstream's name for line i, if any. */
  lines(lines: readonly string[], events: readonly string[] | undefined): void;
  /** The upstream source changed state (`status` event). */
  upstreamState(state: SourceState, message: string | undefined): void;
  /** The upstream file was truncated, rotated or re-created (`notice` event). */
  notice(kind: NoticeKind, message: string): void;
  /** Something a person should know that is not a state change (`gap`, `reset`). */
  info(message: string): void;
}

const NOTICE_KINDS: ReadonlySet<string> = new Set<NoticeKind>(['truncated', 'rotated', 'recreated']);
const STATES: ReadonlySet<string> = new Set<string>(SOURCE_STATES);
/** The event names of the Tailstream wire contract (section 3). */
const TAILSTREAM_EVENTS: ReadonlySet<string> = new Set(['lines', 'status', 'notice', 'gap', 'reset']);

/**
 * Understands a stream that is itself a Tailstream (wire contract section 3), so one Tailstream
 * can follow another: `lines` events are unpacked one line for one line (not shown as JSON), and
 * `status`, `notice`, `gap` and `reset` are turned into what they mean for this source.
 *
 * Events are taken only when their data has the contract's shape; anything else (a server that
 * merely uses an event called `status`) is left to be shown as ordinary lines.
 *
 * Exactly once: it drops lines it has already passed on, and tells a gap when the numbering
 * jumps. A resumed stream sends only lines above the `Last-Event-ID`, but a server that ignores
 * it would otherwise repeat them, and a `tailstream publish` restarted after a crash resends
 * the batches the hub took but the publisher had not yet recorded (same epoch, same seq).
 *
 * A batch names its epoch in its data (`"epoch"`, as `tailstream publish` sends it, wire
 * contract section 9) or in its event id (`EPOCH:SEQ`, as a Tailstream server sends it). The
 * data wins: behind a hub such as nchan the id is the hub's own message id.
 */
export class TailstreamChain {
  private epoch: string | undefined;
  private lastSeq = 0;
  private readonly handlers: ChainHandlers;

  constructor(handlers: ChainHandlers) {
    this.handlers = handlers;
  }

  /** Takes the event if it is a Tailstream event; returns false when it should be shown as lines. */
  take(eventType: string, data: string, id: string): boolean {
    if (!TAILSTREAM_EVENTS.has(eventType) || !data.startsWith('{')) return false;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return false;
    }
    if (!isRecord(payload)) return false;
    switch (eventType) {
      case 'lines':
        return this.takeLines(payload, id);
      case 'status':
        if (typeof payload.state !== 'string' || !STATES.has(payload.state)) return false;
        this.handlers.upstreamState(payload.state as SourceState, optionalString(payload.message));
        return true;
      case 'notice':
        if (typeof payload.kind !== 'string' || !NOTICE_KINDS.has(payload.kind)) return false;
        this.handlers.notice(payload.kind as NoticeKind, optionalString(payload.message) ?? `The upstream file was ${payload.kind}.`);
        return true;
      case 'gap':
        if (!isSeq(payload.from) || !isSeq(payload.to)) return false;
        // The lines it names will never come: a jump over them is not a second gap.
        if (this.epoch === undefined || payloadEpoch(payload) === undefined || payloadEpoch(payload) === this.epoch) {
          this.lastSeq = Math.max(this.lastSeq, payload.to);
        }
        this.handlers.info(
          `Lines ${payload.from}–${payload.to} of the upstream stream never arrived: ` +
            'the upstream server no longer held them, or this bridge fell too far behind.',
        );
        return true;
      case 'reset':
        if (typeof payload.epoch !== 'string') return false;
        this.epoch = payload.epoch;
        this.lastSeq = 0;
        this.handlers.info(
          'The upstream Tailstream restarted: the lines it still holds follow and may repeat lines shown before.',
        );
        return true;
      default:
        return false;
    }
  }

  private takeLines(payload: Record<string, unknown>, id: string): boolean {
    const { seq, lines, events } = payload;
    if (!isSeq(seq) || !Array.isArray(lines) || !lines.every((line) => typeof line === 'string')) return false;
    const names = Array.isArray(events) && events.length === lines.length && events.every((e) => typeof e === 'string')
      ? (events as string[])
      : undefined;
    const epoch = payloadEpoch(payload) ?? parseEventId(id)?.epoch;
    const lastSeq = seq + lines.length - 1;
    let skip = 0;
    if (epoch !== undefined && epoch === this.epoch) {
      skip = Math.max(0, this.lastSeq - seq + 1);
      if (seq > this.lastSeq + 1 && this.lastSeq > 0) {
        this.handlers.info(
          `Lines ${this.lastSeq + 1}–${seq - 1} of the upstream stream never arrived: ` +
            'the hub or server in between no longer held them, or this bridge fell too far behind.',
        );
      }
      this.lastSeq = Math.max(this.lastSeq, lastSeq);
    } else if (epoch !== undefined) {
      if (this.epoch !== undefined) {
        this.handlers.info(
          'The upstream stream started a new numbering (another epoch): its publisher or server started afresh, so lines may repeat lines shown before.',
        );
      }
      this.epoch = epoch;
      this.lastSeq = lastSeq;
    }
    if (skip >= lines.length) return true;
    const kept = skip === 0 ? (lines as string[]) : (lines as string[]).slice(skip);
    this.handlers.lines(kept, names && skip > 0 ? names.slice(skip) : names);
    return true;
  }
}

/** The epoch a payload names itself (`tailstream publish` adds it to every event), if any. */
function payloadEpoch(payload: Record<string, unknown>): string | undefined {
  return typeof payload.epoch === 'string' && payload.epoch !== '' ? payload.epoch : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
