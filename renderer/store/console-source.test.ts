import { describe, expect, it } from 'vitest';
import { pickSourceColour, SOURCE_COLOURS } from './console-source.js';

describe('pickSourceColour', () => {
  it('gives a file the same colour each time it is listed, and no two sources the same while colours are left', () => {
    const targets = Array.from({ length: SOURCE_COLOURS.length }, (_, k) => `/var/log/service-${k}.log`);
    const pick = (): string[] => {
      const taken: string[] = [];
      for (const target of targets) taken.push(pickSourceColour(target, taken));
      return taken;
    };
    const first = pick();
    expect(new Set(first).size).toBe(SOURCE_COLOURS.length);
    expect(pick()).toEqual(first); // a reload lists them again: the same colours
    // Alone, a file gets its own colour whatever was listed before it.
    expect(pickSourceColour('/var/log/syslog', [])).toBe(pickSourceColour('/var/log/syslog', []));
    // Every colour taken: still one of them.
    expect(SOURCE_COLOURS).toContain(pickSourceColour('/var/log/extra.log', first));
  });
});
