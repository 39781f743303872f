/**
 * Turns the events of the page's one stream (`GET /api/events`, docs/wire-contract.md section 6)
 * into feed messages: each event is routed by its `source` field, a `lines` event is classified
 * by that source's own ingestor (levels carry over from line to line within a source only), and
 * the `sources` event opens and closes the per-source ingest state from the list diff. Pure and
 * DOM-free: it runs in the ingest worker or on the main thread, and in unit tests as is.
 */
import type { GapPayload, LinesPayload, NoticePayload, ResetPayload, SourcesPayload, StatusPayload } from '../../src/shared/contract.js';
import type { FeedListener } from '../model/feed-message.js';
import { diffSources } from '../model/source-diff.js';
import { createIngestor, type Ingestor } from './ingest.js';

/** The SSE event names of the stream the router understands. */
export const STREAM_EVENT_NAMES = ['sources', 'lines', 'status', 'gap', 'notice', 'reset'] as const;

/** A stream event name. */
export type StreamEventName = (typeof STREAM_EVENT_NAMES)[number];

/** Routes the events of one stream. */
export interface EventRouter {
  /** Handles the data of one event named `name`. */
  route(name: StreamEventName, data: string): void;
  /** Events that could not be read (bad JSON, no `source`), for the test hook and warnings. */
  readonly malformed: number;
  /** Ids of the sources whose ingest state is open. */
  openSources(): string[];
}

type Tagged<T> = T & { source?: unknown };

function parse<T>(data: string): T | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Creates a router that reports to `emit`. */
export function createEventRouter(emit: FeedListener): EventRouter {
  const ingestors = new Map<string, Ingestor>();
  let malformed = 0;
  const ingestorOf = (id: string): Ingestor => {
    let ingestor = ingestors.get(id);
    if (!ingestor) {
      // A source's events may come before the `sources` list that names it: open it on first sight.
      ingestor = createIngestor();
      ingestors.set(id, ingestor);
    }
    return ingestor;
  };
  const bad = (name: string): void => {
    malformed++;
    if (malformed === 1) console.warn(`Tailstream: could not read a "${name}" event of the stream; such events are skipped and counted.`);
  };

  return {
    get malformed() {
      return malformed;
    },
    openSources: () => [...ingestors.keys()],
    route(name, data) {
      if (name === 'sources') {
        const payload = parse<SourcesPayload>(data);
        if (!payload || !Array.isArray(payload.sources)) return bad(name);
        const diff = diffSources(ingestors.keys(), payload.sources);
        for (const id of diff.removed) ingestors.delete(id);
        for (const info of diff.added) ingestors.set(info.id, createIngestor());
        emit({ type: 'sources', sources: payload.sources });
        return;
      }
      const payload = parse<Tagged<object>>(data);
      const source = payload?.source;
      if (!payload || typeof source !== 'string' || source === '') return bad(name);
      switch (name) {
        case 'lines':
          emit({ type: 'lines', source, batch: ingestorOf(source).ingest(payload as LinesPayload) });
          break;
        case 'status':
          emit({ type: 'status', source, data: payload as StatusPayload });
          break;
        case 'notice':
          emit({ type: 'notice', source, data: payload as NoticePayload });
          break;
        case 'gap':
          // Lines were lost: the next line's level cannot be inherited from the one before the gap.
          ingestorOf(source).reset();
          emit({ type: 'gap', source, data: payload as GapPayload });
          break;
        case 'reset':
          ingestorOf(source).reset();
          emit({ type: 'reset', source, data: payload as ResetPayload });
          break;
      }
    },
  };
}
