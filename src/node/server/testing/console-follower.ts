import { EventSource } from 'eventsource';
import type { LinesPayload, MultiStreamEventMap, SourceInfo, SourceTagged } from '../../../shared/contract.js';

/** What one source of a console stream delivered, as a console would keep it. */
export interface FollowedSource {
  seqs: number[];
  texts: string[];
  gaps: Array<{ from: number; to: number }>;
  resets: string[];
  notices: string[];
  /** States in the order their `status` events came. */
  states: string[];
  /** The next line number expected (after a gap, the line after it), `undefined` after a reset. */
  expected: number | undefined;
}

/**
 * Test support: follows `GET /api/events` with the real `eventsource` client (which reconnects by
 * itself and sends `Last-Event-ID`) and records, per source, what arrives, checking that every
 * source's lines come exactly once and in sequence unless a `gap` or `reset` explains a jump.
 */
export class ConsoleFollower {
  readonly es: EventSource;
  readonly sources = new Map<string, FollowedSource>();
  /** Every `sources` list received, in order. */
  readonly lists: SourceInfo[][] = [];
  readonly ids: string[] = [];
  /** Lines that arrived out of sequence or twice, and events without a `source`, described. */
  readonly problems: string[] = [];
  opens = 0;
  errors = 0;

  constructor(url: string, token: string, firstHeaders: Record<string, string> = {}) {
    let first = true;
    this.es = new EventSource(url, {
      fetch: (input, init) => {
        const headers = { ...init.headers, Authorization: `Bearer ${token}`, ...(first ? firstHeaders : {}) };
        first = false;
        return fetch(input, { ...init, headers });
      },
    });
    this.es.addEventListener('open', () => this.opens++);
    this.es.addEventListener('error', () => this.errors++);
    this.es.addEventListener('sources', (event) => {
      this.lists.push((JSON.parse(event.data as string) as MultiStreamEventMap['sources']).sources);
    });
    this.es.addEventListener('lines', (event) => {
      this.ids.push(event.lastEventId);
      this.onLines(JSON.parse(event.data as string) as SourceTagged<LinesPayload>);
    });
    this.es.addEventListener('gap', (event) => {
      const gap = JSON.parse(event.data as string) as MultiStreamEventMap['gap'];
      const source = this.source(gap.source);
      if (source.expected !== undefined && gap.from !== source.expected) this.problems.push(`${gap.source}: gap from ${gap.from}, expected ${source.expected}`);
      source.gaps.push({ from: gap.from, to: gap.to });
      source.expected = gap.to + 1;
    });
    this.es.addEventListener('reset', (event) => {
      const reset = JSON.parse(event.data as string) as MultiStreamEventMap['reset'];
      const source = this.source(reset.source);
      source.resets.push(reset.epoch);
      source.expected = undefined;
    });
    this.es.addEventListener('status', (event) => {
      const status = JSON.parse(event.data as string) as MultiStreamEventMap['status'];
      this.source(status.source).states.push(status.state);
    });
    this.es.addEventListener('notice', (event) => {
      const notice = JSON.parse(event.data as string) as MultiStreamEventMap['notice'];
      this.source(notice.source).notices.push(notice.kind);
    });
  }

  /** The record of one source (made on first sight). */
  source(id: string | undefined): FollowedSource {
    if (typeof id !== 'string') {
      this.problems.push('an event without a source');
      id = '?';
    }
    let record = this.sources.get(id);
    if (record === undefined) {
      record = { seqs: [], texts: [], gaps: [], resets: [], notices: [], states: [], expected: undefined };
      this.sources.set(id, record);
    }
    return record;
  }

  /** Lines received for a source so far. */
  count(id: string): number {
    return this.sources.get(id)?.seqs.length ?? 0;
  }

  /** The newest `sources` list. */
  get list(): SourceInfo[] {
    return this.lists[this.lists.length - 1] ?? [];
  }

  close(): void {
    this.es.close();
  }

  private onLines(payload: SourceTagged<LinesPayload>): void {
    const source = this.source(payload.source);
    if (source.expected !== undefined && payload.seq !== source.expected) {
      this.problems.push(`${payload.source}: lines from ${payload.seq}, expected ${source.expected}`);
    }
    for (let i = 0; i < payload.lines.length; i++) {
      source.seqs.push(payload.seq + i);
      source.texts.push(payload.lines[i] as string);
    }
    source.expected = payload.seq + payload.lines.length;
  }
}
