import type { SourceEncoding } from '../../../shared/text-encodings.js';
import { LineSplitter } from '../line-splitter.js';

/**
 * Test support: splits `bytes` (read in `encoding`) cut at `cuts` (offsets, any order, duplicates
 * allowed), then flushes the rest, as the tail engine feeds its splitter read by read.
 */
export function splitInChunks(bytes: Buffer, cuts: number[], options: { maxLineBytes?: number; encoding?: SourceEncoding } = {}): string[] {
  const splitter = new LineSplitter(options.maxLineBytes, options.encoding);
  const points = [...new Set(cuts.map((c) => Math.min(c, bytes.length)))].sort((a, b) => a - b);
  const lines: string[] = [];
  let from = 0;
  for (const to of [...points, bytes.length]) {
    // Reuse one scratch buffer, as the engine does, to prove nothing keeps pointing into it.
    const scratch = Buffer.from(bytes.subarray(from, to));
    lines.push(...splitter.push(scratch));
    scratch.fill(0x21);
    from = to;
  }
  lines.push(...splitter.flushPartial());
  return lines;
}
