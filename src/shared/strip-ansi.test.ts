import { describe, expect, it } from 'vitest';
import { hasEscapes, stripAnsi, stripOsc } from './strip-ansi.js';

describe('strip-ansi', () => {
  it('removes CSI, OSC and two-byte escapes', () => {
    const line = 'a\u001b[31mred\u001b[0m \u001b[2Kb \u001b]8;;http://x\u0007link\u001b]8;;\u0007 \u001b]0;title\u001b\\c\u001bMd';
    expect(hasEscapes(line)).toBe(true);
    expect(stripAnsi(line)).toBe('ared b link cd');
    expect(stripOsc(line)).toBe('a\u001b[31mred\u001b[0m \u001b[2Kb link c\u001bMd');
    expect(stripAnsi('plain')).toBe('plain');
  });
});
