import type { NoticeKind, SourceState } from '../../../shared/contract.js';
import type { SourceSink } from '../../source-sink.js';

/** One `setState` call as recorded. */
export interface RecordedState {
  state: SourceState;
  message: string | undefined;
}

/** A waiter for a condition on the recorded calls. */
interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

/**
 * A `SourceSink` for tests that records every call in order and lets a test wait for a condition
 * (re-checked on every call, with a generous timeout) instead of sleeping.
 */
export class RecordingSink implements SourceSink {
  /** Every line pushed, in order. */
  readonly lines: string[] = [];
  /** For each line, its event name (`''` when the batch had no `events`). */
  readonly eventNames: string[] = [];
  /** Size of each `pushLines` call. */
  readonly batchSizes: number[] = [];
  readonly states: RecordedState[] = [];
  readonly notices: Array<{ kind: NoticeKind; message: string }> = [];
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
    this.log.push(`lines:${lines.length}`);
    this.poke();
  }

  setState(state: SourceState, message?: string): void {
    this.states.push({ state, message });
    this.log.push(`state:${state}`);
    this.poke();
  }

  notice(kind: NoticeKind, message: string): void {
    this.notices.push({ kind, message });
    this.log.push(`notice:${kind}`);
    this.poke();
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
