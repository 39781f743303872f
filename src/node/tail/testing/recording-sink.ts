import type { NoticeKind, SourceState } from '../../../shared/contract.js';
import type { SourceSink } from '../../source-sink.js';

/** One call the recording sink received, in order. */
export type SinkEvent =
  | { type: 'lines'; lines: string[] }
  | { type: 'state'; state: SourceState; message?: string }
  | { type: 'notice'; kind: NoticeKind; message: string };

/**
 * A {@link SourceSink} for tests: keeps every call in order, and the lines flattened, so a test
 * can wait for a condition and then compare.
 */
export class RecordingSink implements SourceSink {
  /** Every call, in order. */
  readonly events: SinkEvent[] = [];
  /** Every line, in order. */
  readonly lines: string[] = [];
  /** How many `pushLines` calls there were. */
  batches = 0;
  /** The state last reported (undefined before the first). */
  state: SourceState | undefined;
  /** The message that came with the last state. */
  message: string | undefined;

  pushLines(lines: readonly string[]): void {
    this.batches++;
    // Keep the batch itself only for small batches: big bursts would double the memory.
    this.events.push({ type: 'lines', lines: lines.length <= 100 ? [...lines] : [] });
    for (const line of lines) this.lines.push(line);
  }

  setState(state: SourceState, message?: string): void {
    this.state = state;
    this.message = message;
    this.events.push(message === undefined ? { type: 'state', state } : { type: 'state', state, message });
  }

  notice(kind: NoticeKind, message: string): void {
    this.events.push({ type: 'notice', kind, message });
  }

  /** Every state reported so far, in order. */
  states(): SourceState[] {
    return this.events.flatMap((e) => (e.type === 'state' ? [e.state] : []));
  }

  /** Every notice so far, in order. */
  notices(): { kind: NoticeKind; message: string }[] {
    return this.events.flatMap((e) => (e.type === 'notice' ? [{ kind: e.kind, message: e.message }] : []));
  }
}
