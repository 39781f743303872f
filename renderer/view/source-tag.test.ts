import { describe, expect, it } from 'vitest';
import { SOURCE_TAG_MAX_CHARS, sourceTagChars, sourceTagText } from './source-tag.js';

describe('source tags', () => {
  it('makes the column as wide as the longest name, up to the limit', () => {
    expect(sourceTagChars(['app.log', 'db.log'])).toBe(7);
    expect(sourceTagChars(['a-very-long-service-name.log', 'x'])).toBe(SOURCE_TAG_MAX_CHARS);
    expect(sourceTagChars([])).toBe(0);
  });

  it('pads short names and cuts long ones with an ellipsis, to the same width', () => {
    expect(sourceTagText('db.log', 7)).toBe('db.log ');
    expect(sourceTagText('app.log', 7)).toBe('app.log');
    expect(sourceTagText('payments-service.log', 8)).toBe('payment…');
  });

  it('counts characters, not UTF-16 units, so a cut never splits one', () => {
    expect(sourceTagText('日志😀.log', 4)).toBe('日志😀…');
    expect([...sourceTagText('😀', 3)]).toHaveLength(3);
    expect(sourceTagChars(['😀😀'])).toBe(2);
  });
});
