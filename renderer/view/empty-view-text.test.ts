import { describe, expect, it } from 'vitest';
import { emptyViewText } from './empty-view-text.js';

const base = { busy: false, noSources: false, showsEverything: true, sources: [] };

describe('emptyViewText', () => {
  it('says why a waiting source has no lines, in its own words', () => {
    const sources = [
      { label: 'app.log', state: 'following' },
      { label: 'missing.log', state: 'waiting', message: 'Waiting for /tmp/missing.log: it does not exist yet.' },
    ];
    expect(emptyViewText({ ...base, sources })).toEqual(['No lines yet.', 'missing.log: Waiting for /tmp/missing.log: it does not exist yet.']);
  });

  it('keeps the plain texts when no source explains itself', () => {
    expect(emptyViewText({ ...base, sources: [{ label: 'a.log', state: 'following' }] })).toEqual(['Waiting for lines…']);
    expect(emptyViewText({ ...base, sources: [{ label: 'a.log', state: 'waiting' }] })).toEqual(['Waiting for lines…']);
    expect(emptyViewText({ ...base, noSources: true })).toEqual(['No sources yet.']);
    expect(emptyViewText({ ...base, busy: true })).toEqual(['Filtering…']);
  });

  it('blames the filter, not the source, when the filter hides everything', () => {
    const sources = [{ label: 'missing.log', state: 'waiting', message: 'Waiting.' }];
    expect(emptyViewText({ ...base, showsEverything: false, sources })).toEqual(['No lines match the filter.']);
  });
});
