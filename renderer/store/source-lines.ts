/**
 * Applying a source's stream to the stores: new lines go to the source's store and the merged one,
 * lines already held are dropped (a resumed stream may overlap), and missing numbers, reported
 * (`gap`) or not, become a marker row saying how many lines were lost.
 */
import type { IngestBatch } from '../stream/ingest.js';
import { MarkerType, type MarkerTypeCode } from './line-flags.js';
import type { LineStore } from './line-store.js';
import { sourceLabel, type SourceEntry } from './source-entry.js';

const fmt = (n: number): string => n.toLocaleString('en-US');

/** Appends a marker row to the source's store and, prefixed with its name, to the merged one. */
export function addMarker(entry: SourceEntry, merged: LineStore, type: MarkerTypeCode, text: string, seq: number): void {
  entry.store.appendMarker(type, text, seq, entry.index);
  merged.appendMarker(type, `${sourceLabel(entry.info)}: ${text}`, seq, entry.index);
}

/** Marks lines `from`..`to` of a source as lost. */
export function addGap(entry: SourceEntry, merged: LineStore, from: number, to: number): void {
  const lost = to - from + 1;
  if (lost <= 0) return;
  const text = `${fmt(lost)} ${lost === 1 ? 'line' : 'lines'} lost (${fmt(from)}–${fmt(to)}): no longer held by the server, or the console fell too far behind`;
  addMarker(entry, merged, MarkerType.gap, text, from);
}

/** Appends a batch of a source's lines, skipping those already held and marking skipped numbers. */
export function addLines(entry: SourceEntry, merged: LineStore, batch: IngestBatch): void {
  let { seq, lines, flags } = batch;
  const last = seq + lines.length - 1;
  if (lines.length === 0 || (entry.lastSeq > 0 && last <= entry.lastSeq)) return;
  if (entry.lastSeq > 0 && seq <= entry.lastSeq) {
    const skip = entry.lastSeq - seq + 1;
    lines = lines.slice(skip);
    flags = flags.subarray(skip);
    seq += skip;
  } else if (entry.lastSeq > 0 && seq > entry.lastSeq + 1) {
    addGap(entry, merged, entry.lastSeq + 1, seq - 1);
  }
  entry.store.append(lines, flags, seq, entry.index);
  merged.append(lines, flags, seq, entry.index);
  entry.lastSeq = last;
  entry.received += lines.length;
}
