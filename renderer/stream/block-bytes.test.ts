import { describe, expect, it } from 'vitest';
import { decodeBlock, encodeLines } from './block-bytes.js';

const utf8 = (text: string): number[] => [...new TextEncoder().encode(text)];

/** Each line back out of an encoded block, by its ends. */
function decodedLines(lines: readonly string[]): string[] {
  const { block, ends } = encodeLines(lines);
  const text = decodeBlock(block);
  return Array.from(ends, (end, i) => text.slice(i === 0 ? 0 : (ends[i - 1] as number), end));
}

describe('encodeLines', () => {
  it('writes the UTF-8 of the lines one after another, with each end in UTF-16 units', () => {
    const lines = ['GET /health 200', 'ünïcödé ✓', '', '日本語のログ', 'emoji 🚀 and 𝄞', '\u0000nul\u007f\u0080'];
    const { block, ends } = encodeLines(lines);
    expect(block).toBeInstanceOf(Uint8Array);
    expect([...(block as Uint8Array)]).toEqual(utf8(lines.join('')));
    let end = 0;
    expect([...ends]).toEqual(lines.map((line) => (end += line.length)));
    expect(decodedLines(lines)).toEqual(lines);
  });

  it('grows its buffer for text that takes more than a byte a character, wherever it comes', () => {
    const ascii = Array.from({ length: 500 }, (_, i) => `plain line ${i}`);
    const wide = '漢字'.repeat(2_000);
    for (const lines of [[...ascii, wide], [wide, ...ascii], [...ascii, wide, ...ascii, '🚀'.repeat(3_000)]]) {
      const { block } = encodeLines(lines);
      expect([...(block as Uint8Array)]).toEqual(utf8(lines.join('')));
      expect(decodedLines(lines)).toEqual(lines);
    }
  });

  it('gives the lines as one string when one holds a lone surrogate, which UTF-8 cannot carry', () => {
    const lines = ['before', 'half a pair \uD83D here', 'after 🚀'];
    const { block } = encodeLines(lines);
    expect(block).toBe(lines.join(''));
    expect(decodedLines(lines)).toEqual(lines);
    expect(encodeLines(['é', 'low \uDE80 alone']).block).toBe('élow \uDE80 alone');
  });

  it('gives an empty string for no text, and still every line its end', () => {
    expect(encodeLines([])).toEqual({ block: '', ends: new Uint32Array(0) });
    const { block, ends } = encodeLines(['', '']);
    expect(block).toBe('');
    expect([...ends]).toEqual([0, 0]);
  });
});
