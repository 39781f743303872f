import type { ServerResponse } from 'node:http';
import { STREAM_RETRY_MS } from '../../shared/limits.js';
import type { SourceEntry } from '../hub/source-entry.js';
import { encodeLines } from './lines-encoder.js';
import { PacedStream } from './paced-stream.js';
import { SourceCursor } from './source-cursor.js';
import { sseEvent, sseRetry } from './sse-format.js';
import type { StreamStart } from './stream-start.js';

/**
 * One client's SSE stream of one source (`GET /api/sources/ID/events`, contract section 3). It
 * reads the source's ring at its own cursor and writes as fast as its socket accepts (see
 * `PacedStream`); when its next line has meanwhile left the ring it gets a `gap` with the exact
 * numbers and skips ahead.
 */
export class SseStream extends PacedStream {
  private readonly cursor: SourceCursor;

  constructor(entry: SourceEntry, res: ServerResponse, start: StreamStart, onDone: () => void) {
    super(res, onDone);
    this.cursor = new SourceCursor(entry, start.cursor, (cursor) => {
      if (cursor.closed) this.end(sseEvent('status', { state: 'closed' }));
      else this.schedule();
    });
    let opening = sseRetry(STREAM_RETRY_MS) + sseEvent('status', entry.status());
    if (start.reset !== undefined) opening += sseEvent('reset', start.reset);
    this.write(opening);
    this.schedule();
  }

  protected unsubscribe(): void {
    this.cursor.close();
  }

  /** Due controls, a gap, and one `lines` event; `undefined` when level. */
  protected nextChunk(): string | Buffer | undefined {
    const cursor = this.cursor;
    let text = '';
    const takeDueControls = (): void => {
      for (const event of cursor.takeDueControls()) {
        text += event.name === 'status' ? sseEvent('status', event.data) : sseEvent('notice', event.data);
      }
    };
    takeDueControls();
    const gap = cursor.takeGap();
    if (gap !== undefined) {
      text += sseEvent('gap', gap);
      takeDueControls();
    }
    const to = cursor.linesLimit();
    const encoded = to >= cursor.next ? encodeLines(cursor.entry, cursor.next, to) : undefined;
    if (encoded === undefined) return text === '' ? undefined : text;
    cursor.next = encoded.last + 1;
    return text === '' ? encoded.bytes : Buffer.concat([Buffer.from(text, 'utf8'), encoded.bytes]);
  }
}
