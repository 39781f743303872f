/**
 * The expanded view of a JSON line: indented like `JSON.stringify(value, null, 2)`, except that a
 * string holding line breaks (a stack trace, a SQL query) is shown as its lines, between `"""`
 * and one level deeper, instead of as one long string full of `\n`. It is for reading: the line
 * itself (copied, saved) stays the JSON it was.
 */

const INDENT = '  ';

/** Other control characters stay visible as escapes, as JSON writes them. */
function showControls(line: string): string {
  return line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function render(value: unknown, depth: number): string {
  const pad = INDENT.repeat(depth);
  if (typeof value === 'string') {
    if (!value.includes('\n')) return JSON.stringify(value);
    const inner = pad + INDENT;
    const lines = value.split('\n').map((line) => `${inner}${showControls(line.replace(/\r$/, ''))}`);
    return `"""\n${lines.join('\n')}\n${inner}"""`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => `${pad}${INDENT}${render(item, depth + 1)}`).join(',\n')}\n${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([key, item]) => `${pad}${INDENT}${JSON.stringify(key)}: ${render(item, depth + 1)}`).join(',\n')}\n${pad}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The readable form of a JSON text, or `undefined` when it does not parse. */
export function prettyJsonForReading(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return render(value, 0);
}
