import { describe, expect, it } from 'vitest';
import { printable } from './printable.js';

describe('printable', () => {
  it('writes control characters as escapes and leaves the rest, Unicode included, as it is', () => {
    expect(printable('/logs/new\nline.log')).toBe('/logs/new\\nline.log');
    expect(printable('a\tb\rc\u001b[31md\u007f\u0085')).toBe('a\\tb\\rc\\x1b[31md\\x7f\\x85');
    expect(printable('/var/log/ünïcödé ✓.log')).toBe('/var/log/ünïcödé ✓.log');
  });
});
