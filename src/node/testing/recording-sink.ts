/**
 * A `SourceSink` for tests of the producers (the tail engine, the remote bridge): it records every
 * call in order and lets a test wait for a condition on them (re-checked on every call) instead of
 * sleeping. One home for both producers' tests.
 */
import type { NoticeKind, SourceState } from '../../shared/contract.js';
import type { SourceSink } from '../source-sink.js';

/** One `setState` call as recorded. */
export interface RecordedState {
  state: SourceState;
  message: string | undefined;
  /** When a failed remote source tries again (ms since the Unix epoch), where it said. */
  retryAt?: number;
}

/** One call the sink received, in order (also what a tailer in a child process sends its parent). */
export type SinkEvent =
  | { type: 'lines'; lines: string[] }
  | { type: 'state'; state: SourceState; message?: string }
  | { type: 'notice'; kind: NoticeKind; message: string };

/** Batches up to this many lines are kept whole in `events`; bigger ones only as their count (memory). */
const EVENT_LINES_KEPT = 100;

/** A waiter for a condition on the recorded calls. */
interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

/** The recording sink. */
export class RecordingSink implements SourceSink {
  /** Every line pushed, in order. */
  readonly lines: string[] = [];
  /** For each line, its event name (`''` when the batch had no `events`). */
  readonly eventNames: string[] = [];
  /** Size of each `pushLines` call. */
  readonly batchSizes: number[] = [];
  readonly states: RecordedState[] = [];
  readonly notices: Array<{ kind: NoticeKind; message: string }> = [];
  /** Every call, in order (the lines of big batches left out, see EVENT_LINES_KEPT). */
  readonly events: SinkEvent[] = [];
  /** Everything in call order, for ordering checks: `lines:N`, `state:NAME`, `notice:KIND`. */
  readonly log: string[] = [];
  private waiters: Waiter[] = [];

  pushLines(lines: readonly string[], events?: readonly string[]): void {
    if (events !== undefined && events.length !== lines.length) throw new Error('events must match lines');
    for (let i = 0; i < lines.length; i += 1) {
      this.lines.push(lines[i] ?? '');
      this.eventNames.push(events?.[i] ?? '');
    }
    this.batchSizes.push(lines.length);
    this.events.push({ type: 'lines', lines: lines.length <= EVENT_LINES_KEPT ? [...lines] : [] });
    this.log.push(`lines:${lines.length}`);
    this.poke();
  }

  setState(state: SourceState, message?: string, retryAt?: number): void {
    this.states.push(retryAt === undefined ? { state, message } : { state, message, retryAt });
    this.events.push(message === undefined ? { type: 'state', state } : { type: 'state', state, message });
    this.log.push(`state:${state}`);
    this.poke();
  }

  notice(kind: NoticeKind, message: string): void {
    this.notices.push({ kind, message });
    this.events.push({ type: 'notice', kind, message });
    this.log.push(`notice:${kind}`);
    this.poke();
  }

  /** How many `pushLines` calls there were. */
  get batches(): number {
    return this.batchSizes.length;
  }

  /** The state last reported (undefined before the first). */
  get state(): SourceState | undefined {
    return this.lastState()?.state;
  }

  /** The message that came with the last state. */
  get message(): string | undefined {
    return this.lastState()?.message;
  }

  /** The names of the recorded states, in order. */
  stateNames(): SourceState[] {
    return this.states.map((s) => s.state);
  }

  /** The most recent state, if any. */
  lastState(): RecordedState | undefined {
    return this.states[this.states.length - 1];
  }

  /** Resolves once `check()` holds; rejects after `timeoutMs` with `what` and the recorded states. */
  waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`Timed out waiting for ${what}. States: ${JSON.stringify(this.states.slice(-8))}; lines: ${this.lines.length}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Waits until at least `count` lines have arrived. */
  waitForLines(count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.lines.length >= count, `${count} lines`, timeoutMs);
  }

  /** Waits for a state (after the `from`-th recorded one) matching `state` and, if given, `message`. */
  waitForState(state: SourceState, options: { from?: number; message?: RegExp; timeoutMs?: number } = {}): Promise<RecordedState> {
    const from = options.from ?? 0;
    const find = (): RecordedState | undefined =>
      this.states.slice(from).find((s) => s.state === state && (options.message === undefined || options.message.test(s.message ?? '')));
    return this.waitFor(() => find() !== undefined, `state ${state}${options.message ? ` ${options.message}` : ''}`, options.timeoutMs)
      .then(() => find() as RecordedState);
  }

  private poke(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve();
      }
    }
  }
}
