/**
 * The benchmarks' `SourceSink`: it keeps no lines, only counts them, so a measurement sees the
 * producer's cost and not the sink's.
 */
import type { NoticeKind, SourceState } from '../../src/shared/contract.js';
import type { SourceSink } from '../../src/node/source-sink.js';

/** Counts lines and records the state; `reach` resolves at the moment `target` lines are in. */
export class CountingSink implements SourceSink {
  count = 0;
  batches = 0;
  state: SourceState | undefined;
  message: string | undefined;
  private target = Infinity;
  private onTarget: (() => void) | undefined;

  /**
   * @param label names the benchmark in the timeout error, e.g. `'tail-engine benchmark'`.
   * @param timeoutMs longest wait of `reach`, in ms, before it rejects.
   */
  constructor(
    private readonly label: string,
    private readonly timeoutMs: number,
  ) {}

  pushLines(lines: readonly string[]): void {
    this.count += lines.length;
    this.batches++;
    if (this.count >= this.target && this.onTarget) {
      this.onTarget();
      this.onTarget = undefined;
    }
  }
  setState(state: SourceState, message?: string): void {
    this.state = state;
    this.message = message;
  }
  notice(_kind: NoticeKind, _message: string): void {}

  /** Resolves with performance.now() when `target` lines have arrived. */
  reach(target: number): Promise<number> {
    this.target = target;
    return new Promise((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`${this.label}: timed out at ${this.count}/${target} lines (state ${this.state}: ${this.message ?? ''})`)),
        this.timeoutMs,
      );
      this.onTarget = () => {
        clearTimeout(timer);
        done(performance.now());
      };
      if (this.count >= target) this.onTarget();
    });
  }
}
