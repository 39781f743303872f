import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src/shared/contract.js';
import { diffSources } from './source-diff.js';

const info = (id: string): SourceInfo => ({ id, kind: 'file', target: `/${id}`, state: 'following', epoch: 'e', firstSeq: 0, lastSeq: 0 });

describe('diffSources', () => {
  it('tells what to open, keep and close, in list order', () => {
    const diff = diffSources(['a', 'b', 'c'], [info('d'), info('b'), info('a'), info('e')]);
    expect(diff.added.map((s) => s.id)).toEqual(['d', 'e']);
    expect(diff.kept.map((s) => s.id)).toEqual(['b', 'a']);
    expect(diff.removed).toEqual(['c']);
  });

  it('takes a repeated id once', () => {
    expect(diffSources([], [info('a'), info('a')]).added.map((s) => s.id)).toEqual(['a']);
  });
});
