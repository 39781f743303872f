import { EventSource } from 'eventsource';
import type { GapPayload, LinesPayload, NoticePayload, ResetPayload, StatusPayload } from '../../../shared/contract.js';

/** Options of a follower. */
export interface FollowOptions {
  /** Sent as `Authorization: Bearer`. */
  token?: string;
  /** More request headers (e.g. `Last-Event-ID` for the first request). */
  headers?: Record<string, string>;
  /** Keep every line's text (costs memory on big runs). Default true. */
  keepText?: boolean;
  /** Check each line's text against this (seq → expected text). */
  expectText?: (seq: number) => string;
}

/**
 * Test support: follows a stream with the real `eventsource` client and records what a console
 * would see: lines in order (checking that each arrives exactly once and in sequence, unless a
 * `gap` or `reset` explains the jump), statuses, notices, gaps, resets and connection opens.
 */
export class StreamFollower {
  readonly es: EventSource;
  readonly statuses: StatusPayload[] = [];
  readonly notices: NoticePayload[] = [];
  readonly gaps: GapPayload[] = [];
  readonly resets: ResetPayload[] = [];
  readonly ids: string[] = [];
  readonly texts: string[] = [];
  readonly seqs: number[] = [];
  /** Each kept line's file line number (`line + i` of its event), `undefined` where the event had none. */
  readonly fileLines: (number | undefined)[] = [];
  /** Lines that arrived out of sequence or twice, described. */
  readonly problems: string[] = [];
  received = 0;
  lastSeq = 0;
  opens = 0;
  errors = 0;
  events = 0;
  private expected: number | undefined;

  constructor(url: string, private readonly options: FollowOptions = {}) {
    const extra: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) extra.Authorization = `Bearer ${options.token}`;
    let first = true;
    this.es = new EventSource(url, {
      fetch: (input, init) => {
        // The first request may carry a test's own headers; reconnections carry what the client sets.
        const headers = first ? { ...init.headers, ...extra } : { ...init.headers, ...(options.token !== undefined ? { Authorization: extra.Authorization as string } : {}) };
        first = false;
        return fetch(input, { ...init, headers });
      },
    });
    this.es.addEventListener('open', () => this.opens++);
    this.es.addEventListener('error', () => this.errors++);
    this.es.addEventListener('status', (event) => this.statuses.push(JSON.parse(event.data as string) as StatusPayload));
    this.es.addEventListener('notice', (event) => this.notices.push(JSON.parse(event.data as string) as NoticePayload));
    this.es.addEventListener('gap', (event) => {
      const gap = JSON.parse(event.data as string) as GapPayload;
      this.gaps.push(gap);
      if (this.expected !== undefined && gap.from !== this.expected) this.problems.push(`gap from ${gap.from}, expected ${this.expected}`);
      this.expected = gap.to + 1;
    });
    this.es.addEventListener('reset', (event) => {
      this.resets.push(JSON.parse(event.data as string) as ResetPayload);
      this.expected = undefined;
    });
    this.es.addEventListener('lines', (event) => this.onLines(event.data as string, event.lastEventId));
  }

  private onLines(data: string, id: string): void {
    const payload = JSON.parse(data) as LinesPayload;
    this.events++;
    // A copy: the parser's id is a slice of the whole chunk it came in, which it would keep alive.
    this.ids.push(Buffer.from(id, 'utf8').toString('utf8'));
    const last = payload.seq + payload.lines.length - 1;
    if (!id.endsWith(`:${last}`)) this.problems.push(`id ${id} does not name line ${last}`);
    if (this.expected !== undefined && payload.seq !== this.expected) {
      this.problems.push(`lines from ${payload.seq}, expected ${this.expected}`);
    }
    for (let i = 0; i < payload.lines.length; i++) {
      const seq = payload.seq + i;
      const text = payload.lines[i] as string;
      if (this.options.expectText !== undefined && text !== this.options.expectText(seq)) {
        if (this.problems.length < 20) this.problems.push(`line ${seq} is ${JSON.stringify(text.slice(0, 80))}`);
      }
      if (this.options.keepText !== false) {
        this.texts.push(text);
        this.seqs.push(seq);
        this.fileLines.push(payload.line === undefined ? undefined : payload.line + i);
      }
    }
    this.received += payload.lines.length;
    this.lastSeq = last;
    this.expected = last + 1;
  }

  close(): void {
    this.es.close();
  }
}
