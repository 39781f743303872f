/**
 * Counts the lines of a Tailstream SSE stream the way a client sees them: it splits the stream
 * into events and parses the JSON of every `lines` event, checking that line numbers follow on
 * without a hole. Used by the benchmark's readers (child process) and by its open-time client.
 */

/** What a counter has seen so far. */
export interface CounterState {
  /** Lines received. */
  lines: number;
  /** Number of the newest line received (0 before any). */
  lastSeq: number;
  /** Whether the opening `status` event has arrived. */
  opened: boolean;
}

/** Thrown when the stream says lines were lost (`gap`, `reset`) or numbers do not follow on. */
export class StreamBroken extends Error {}

/**
 * Feeds text chunks of one stream (decoded as UTF-8 by the HTTP client, which also removes the
 * chunked framing) and keeps `state` up to date.
 */
export class SseLineCounter {
  readonly state: CounterState = { lines: 0, lastSeq: 0, opened: false };
  private rest = '';

  /** Takes the next chunk of the stream; throws {@link StreamBroken} when lines were lost. */
  push(chunk: string): void {
    const text = this.rest === '' ? chunk : this.rest + chunk;
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n\n', start);
      if (end < 0) break;
      this.event(text, start, end);
      start = end + 2;
    }
    this.rest = start === 0 ? text : text.slice(start);
  }

  /** One event: the text from `start` to `end` (exclusive, without the blank line). */
  private event(text: string, start: number, end: number): void {
    let name = 'message';
    let data = '';
    let at = start;
    while (at < end) {
      let eol = text.indexOf('\n', at);
      if (eol < 0 || eol > end) eol = end;
      if (text.startsWith('event: ', at)) name = text.slice(at + 7, eol);
      else if (text.startsWith('data: ', at)) data = text.slice(at + 6, eol);
      at = eol + 1;
    }
    if (name === 'lines') {
      const payload = JSON.parse(data) as { seq: number; lines: string[] };
      if (this.state.lastSeq !== 0 && payload.seq !== this.state.lastSeq + 1) {
        throw new StreamBroken(`lines ${this.state.lastSeq + 1}..${payload.seq - 1} never came`);
      }
      this.state.lines += payload.lines.length;
      this.state.lastSeq = payload.seq + payload.lines.length - 1;
    } else if (name === 'status') {
      this.state.opened = true;
    } else if (name === 'gap' || name === 'reset') {
      throw new StreamBroken(`the stream sent ${name} ${data}`);
    }
  }
}
