import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { shownScope } from './shown-scope.js';

const file = (lines: number): SourceInfo => ({ id: 'f', kind: 'file', target: '/var/log/big.log', state: 'following', epoch: 'e', firstSeq: 1, lastSeq: 1000, file: { size: 1, indexedBytes: 1, lines, complete: true } }) as SourceInfo;
const remote = (firstSeq: number, lastSeq: number): SourceInfo => ({ id: 'r', kind: 'remote', target: 'https://h/s', state: 'open', epoch: 'e', firstSeq, lastSeq });

describe('shownScope', () => {
  it('says how much of a big file and of a trimmed remote stream a view shows', () => {
    expect(shownScope([{ label: 'big.log', info: file(3_000_000), held: 684_852 }], true)).toBe(
      'Showing the last 684,852 of 3,000,000 lines of big.log (its own tab shows the whole file).',
    );
    expect(shownScope([{ label: 'h/s', info: remote(501, 1500), held: 1000 }], false)).toBe(
      'Showing the last 1,000 of 1,500 lines of h/s (the server no longer holds the first 500).',
    );
  });

  it('says nothing when the view shows everything', () => {
    expect(shownScope([{ label: 'big.log', info: file(1000), held: 1000 }, { label: 'h/s', info: remote(1, 10), held: 10 }], true)).toBeUndefined();
  });
});
