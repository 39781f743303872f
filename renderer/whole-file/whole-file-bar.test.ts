import { describe, expect, it } from 'vitest';
import { matchesText } from './whole-file-bar.js';

describe('matchesText', () => {
  it('counts matches, or the lines and entries of a search by entry that kept entries of several lines', () => {
    expect(matchesText(1, undefined)).toBe('1 match');
    expect(matchesText(30, undefined)).toBe('30 matches');
    expect(matchesText(30, 30)).toBe('30 matches');
    expect(matchesText(6, 1)).toBe('6 lines in 1 entry');
    expect(matchesText(12_372, 2_062)).toBe('12,372 lines in 2,062 entries');
  });
});
