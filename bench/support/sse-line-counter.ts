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

/** The blank line that ends an SSE event (this server writes LF only). */
const EVENT_END = Buffer.from('\n\n');

/**
 * Feeds the byte chunks of one stream (the HTTP client has removed the chunked framing) and
 * keeps `state` up to date. Works on bytes: finding event ends with `Buffer.indexOf` and decoding
 * only each event's JSON keeps the client's own cost well under the server's, so the benchmark
 * measures the server.
 */
export class SseLineCounter {
  readonly state: CounterState = { lines: 0, lastSeq: 0, opened: false };
  /** Chunks since the last complete event, joined only once an event ends. */
  private pending: Buffer[] = [];

  /** Takes the next chunk of the stream; throws {@link StreamBroken} when lines were lost. */
  push(chunk: Buffer): void {
    const previous = this.pending[this.pending.length - 1];
    const endsAcross = previous !== undefined && previous[previous.length - 1] === 10 && chunk[0] === 10;
    this.pending.push(chunk);
    if (!endsAcross && chunk.indexOf(EVENT_END) < 0) return;
    const bytes = this.pending.length === 1 ? chunk : Buffer.concat(this.pending);
    let start = 0;
    for (;;) {
      const end = bytes.indexOf(EVENT_END, start);
      if (end < 0) break;
      this.event(bytes, start, end);
      start = end + 2;
    }
    this.pending = start === bytes.length ? [] : [bytes.subarray(start)];
  }

  /** One event: the bytes from `start` to `end` (exclusive, without the blank line). */
  private event(bytes: Buffer, start: number, end: number): void {
    let name = 'message';
    let data = '';
    let at = start;
    while (at < end) {
      let eol = bytes.indexOf(10, at);
      if (eol < 0 || eol > end) eol = end;
      if (bytes.toString('latin1', at, Math.min(at + 7, eol)) === 'event: ') name = bytes.toString('utf8', at + 7, eol);
      else if (bytes.toString('latin1', at, Math.min(at + 6, eol)) === 'data: ') data = bytes.toString('utf8', at + 6, eol);
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
