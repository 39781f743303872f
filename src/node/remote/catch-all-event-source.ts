import { EventSource, type EventSourceInit } from 'eventsource';

/** Receives every event an EventSource dispatches: `open`, `error`, and each message by its name. */
export type AnyEventHandler = (event: Event) => void;

/**
 * An `EventSource` that hands every event it dispatches to one handler, whatever its name.
 *
 * The EventSource API delivers a named event (`event: deploy`) only to listeners registered for
 * that exact name in advance, and a log viewer cannot know the names a server will use. The
 * `eventsource` package dispatches each event through `this.dispatchEvent`, so overriding it is
 * the one place that sees them all. Message events skip the EventTarget machinery entirely (no
 * listener is ever registered), which also saves its per-event cost on busy streams.
 */
export class CatchAllEventSource extends EventSource {
  private handler: AnyEventHandler | undefined;

  constructor(url: string | URL, init: EventSourceInit, handler: AnyEventHandler) {
    // The superclass starts connecting inside its constructor, before `handler` is stored; that
    // is safe because it dispatches nothing until its fetch has resolved, a later tick.
    super(url, init);
    this.handler = handler;
  }

  override dispatchEvent(event: Event): boolean {
    this.handler?.(event);
    if (event instanceof MessageEvent) return true;
    return super.dispatchEvent(event);
  }

  /** Closes the connection and drops the handler, so nothing more is delivered. */
  override close(): void {
    this.handler = undefined;
    super.close();
  }
}
