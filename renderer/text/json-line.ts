/** JSON log lines: recognised cheaply for the expand toggle, pretty-printed on demand. */

/** Longest line offered a pretty view, in characters. 1 MiB: bigger is not readable anyway. */
export const MAX_PRETTY_JSON_CHARS = 1024 * 1024;

/** Where a JSON object or array starts in `text` if the rest of it looks like one; -1 otherwise. */
export function jsonStart(text: string): number {
  if (text.length < 2 || text.length > MAX_PRETTY_JSON_CHARS) return -1;
  let start = 0;
  while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start++;
  const open = text[start];
  let end = text.length - 1;
  while (end > start && (text[end] === ' ' || text[end] === '\t' || text[end] === '\r')) end--;
  const close = text[end];
  return (open === '{' && close === '}') || (open === '[' && close === ']') ? start : -1;
}

/** Pretty-printed JSON, or `undefined` when the text does not parse. */
export function prettyJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}
