/**
 * Turns the data of a `lines` event into what the store keeps: the lines and one flag byte each
 * (level, inherited, has escape sequences). Pure and DOM-free, so it runs in the ingest worker and,
 * where there is no worker, on the main thread.
 */
import type { LinesPayload } from '../../src/shared/contract.js';
import { createLevelTracker } from '../../src/shared/levels/level-detect.js';
import type { LineBatch } from '../model/line-batch.js';
import { classifyLine } from '../model/line-flags.js';

/** Classifies the lines of one source in order: level, entry (continuation lines take their entry's level and time) and time. */
export interface Ingestor {
  ingest(payload: LinesPayload): LineBatch;
  /** Forgets the level of the last line (after a gap or a reset). */
  reset(): void;
}

/** Creates an `Ingestor` for one source. */
export function createIngestor(): Ingestor {
  const tracker = createLevelTracker();
  return {
    ingest(payload: LinesPayload): LineBatch {
      const lines = Array.isArray(payload.lines) ? payload.lines : [];
      const flags = new Uint8Array(lines.length);
      const times = new Float64Array(lines.length);
      for (let i = 0; i < lines.length; i++) {
        let line = lines[i];
        if (typeof line !== 'string') line = lines[i] = String(line);
        flags[i] = classifyLine(tracker, line);
        times[i] = tracker.time;
      }
      const batch: LineBatch = { seq: Number(payload.seq) || 0, lines, flags, times, t: Number(payload.t) || 0 };
      // Event names of a remote stream's lines (docs/wire-contract.md section 5), shown as tags.
      if (Array.isArray(payload.events) && payload.events.some((name) => typeof name === 'string' && name !== '')) batch.events = payload.events;
      if (typeof payload.line === 'number' && payload.line >= 1) batch.line = payload.line;
      return batch;
    },
    reset(): void {
      tracker.reset();
    },
  };
}
