import type { SseStreamGuard } from './stream-guard.js';

/** How a guarded response body reports the end of its stream. Each attempt gets exactly one call. */
export interface GuardedBodyHandlers {
  /** The server ended the stream cleanly. */
  onEnd(): void;
  /** Reading failed: the connection dropped, was reset, or was aborted. */
  onError(error: unknown): void;
  /** The guard found a line or event over its limit; the connection is being cut. */
  onLimit(message: string): void;
}

/**
 * Wraps a response body so its bytes pass through `guard` before the EventSource parser sees
 * them, and so the bridge learns how the stream ended (the EventSource hides that).
 *
 * Pull-based with no read-ahead (`highWaterMark: 0`): a chunk is read from the network only when
 * the parser has consumed the previous one, so the bridge never holds more than one read, and the
 * bytes before an over-limit line still reach the parser before the cut.
 */
export function guardBody(
  body: ReadableStream<Uint8Array>,
  guard: SseStreamGuard,
  handlers: GuardedBodyHandlers,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  let pendingLimit: string | undefined;

  const finish = (controller: ReadableStreamDefaultController<Uint8Array>, report: () => void): void => {
    if (finished) return;
    finished = true;
    reader.cancel().catch(() => {});
    report();
    try {
      controller.close();
    } catch {
      // already closed or errored by a cancel from the consumer
    }
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (finished) return;
        if (pendingLimit !== undefined) {
          const message = pendingLimit;
          finish(controller, () => handlers.onLimit(message));
          return;
        }
        let result: Awaited<ReturnType<typeof reader.read>>;
        try {
          result = await reader.read();
        } catch (error) {
          finish(controller, () => handlers.onError(error));
          return;
        }
        if (finished) return;
        if (result.done) {
          finish(controller, () => handlers.onEnd());
          return;
        }
        const chunk = result.value;
        const verdict = guard.scan(chunk);
        if (verdict.ok) {
          controller.enqueue(chunk);
          return;
        }
        if (verdict.keep > 0) {
          // Let the complete events in front of the offending line through first; the cut
          // happens on the next pull, once the parser has taken them.
          pendingLimit = verdict.message;
          controller.enqueue(chunk.subarray(0, verdict.keep));
          return;
        }
        const message = verdict.message;
        finish(controller, () => handlers.onLimit(message));
      },
      cancel() {
        finished = true;
        return reader.cancel().catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
}
