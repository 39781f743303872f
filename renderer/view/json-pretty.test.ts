import { describe, expect, it } from 'vitest';
import { prettyJsonForReading } from './json-pretty.js';

describe('prettyJsonForReading', () => {
  it('indents like JSON.stringify(value, null, 2) when no string has a line break', () => {
    const value = { level: 'error', n: 1, ok: true, none: null, list: [1, 'two', { a: [] }], empty: {}, quote: 'say "hi"\t' };
    expect(prettyJsonForReading(JSON.stringify(value))).toBe(JSON.stringify(value, null, 2));
  });

  it('shows a string with line breaks as its lines, one level deeper', () => {
    const text = JSON.stringify({ msg: 'failed', stack: 'Error: boom\r\n    at run (a.js:1)\n    at main (b.js:2)', n: 1 });
    expect(prettyJsonForReading(text)).toBe(
      ['{', '  "msg": "failed",', '  "stack": """', '    Error: boom', '        at run (a.js:1)', '        at main (b.js:2)', '    """,', '  "n": 1', '}'].join('\n'),
    );
  });

  it('keeps other control characters visible as escapes', () => {
    expect(prettyJsonForReading(JSON.stringify(['a\u001b[31m\nb']))).toBe(['[', '  """', '    a\\u001b[31m', '    b', '    """', ']'].join('\n'));
  });

  it('says undefined for text that is not JSON', () => {
    expect(prettyJsonForReading('{"a": ')).toBeUndefined();
  });
});
