/**
 * A whole-file search of one file source (`GET /api/sources/ID/search`, docs/wire-contract.md
 * section 7), as the console runs it: the matching line numbers in ascending order, kept in a
 * growing typed array (8 bytes a match, no object per match), the progress, and Cancel.
 */

/** What a search reports while it runs and when it ends. */
export interface SearchState {
  /** Matches found so far. */
  matches: number;
  /** A search by entry: how many entries the matching lines make (they hold whole entries). */
  entries?: number;
  /** Percent of the file scanned, 0-100. */
  percent: number;
  done: boolean;
  cancelled: boolean;
  /** Why the search failed (a bad regex, the server gone), in words. */
  error?: string;
  /** How long the server took, once done. */
  ms?: number;
}

/** First capacity of the match array; it doubles as it fills. */
const INITIAL_CAPACITY = 1024;

/**
 * One running (or finished) search. It reads the stream with `fetch` rather than EventSource:
 * a failed search answers with a JSON error body (a bad regex, say) that EventSource would hide,
 * and an EventSource would start the search over after a dropped connection. Cancel aborts the
 * request, which stops the server's scan.
 */
export class FileSearch {
  private lines = new Float64Array(INITIAL_CAPACITY);
  private count = 0;
  private readonly abort = new AbortController();
  state: SearchState = { matches: 0, percent: 0, done: false, cancelled: false };

  /**
   * @param url the search stream's URL (token included, see file-api.ts).
   * @param onChange called after every batch of matches and progress.
   */
  constructor(url: string, private readonly onChange: () => void) {
    void this.run(url);
  }

  /** Matches found so far. */
  get size(): number {
    return this.count;
  }

  /** The line number of match `index` (0-based). */
  lineAt(index: number): number {
    return this.lines[index] as number;
  }

  /** The index of the first match at or after `line` (`size` when none). */
  indexAtOrAfter(line: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.lines[mid] as number) < line) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /**
   * Adds matches the page found itself in lines the file gained after the search began (see
   * live-search-tail.ts). Only lines after the last match go in: any at or before it were the
   * server's to find, and are in already. Returns how many went in.
   */
  addLiveMatches(lines: readonly number[], entries = 0): number {
    const last = this.count > 0 ? (this.lines[this.count - 1] as number) : 0;
    const fresh = lines.filter((line) => line > last);
    if (fresh.length === 0) return 0;
    this.append(fresh);
    this.state = { ...this.state, matches: this.count, ...(this.state.entries !== undefined ? { entries: this.state.entries + entries } : {}) };
    return fresh.length;
  }

  /** Stops the search now; the server stops scanning when the connection closes. */
  cancel(): void {
    if (this.state.done || this.state.cancelled) return;
    this.finish({ ...this.state, cancelled: true });
  }

  private async run(url: string): Promise<void> {
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/event-stream' }, signal: this.abort.signal });
      if (!response.ok || response.body === null) {
        const body = (await response.json().catch(() => undefined)) as { error?: { message?: string } } | undefined;
        this.finish({ ...this.state, done: true, error: body?.error?.message ?? `The search failed (HTTP ${response.status}).` });
        return;
      }
      await readEvents(response.body, (name, data) => this.onEvent(name, data));
      if (!this.state.done && !this.state.cancelled) {
        this.finish({ ...this.state, done: true, error: 'The search stopped before the end of the file: the connection closed.' });
      }
    } catch (error) {
      // Finishing aborts the request, which ends the read with an AbortError: not a failure.
      if (this.state.cancelled || this.state.done) return;
      this.finish({ ...this.state, done: true, error: `The search stopped: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  private onEvent(name: string, data: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    if (name === 'matches') {
      const lines = (parsed as { lines?: unknown }).lines;
      if (!Array.isArray(lines)) return;
      this.append(lines as number[]);
      this.state = { ...this.state, matches: this.count };
    } else if (name === 'progress') {
      const { scannedBytes, totalBytes, entries } = parsed as { scannedBytes: number; totalBytes: number; entries?: number };
      this.state = { ...this.state, percent: totalBytes > 0 ? Math.min(100, (scannedBytes / totalBytes) * 100) : 100, ...(typeof entries === 'number' ? { entries } : {}) };
    } else if (name === 'done') {
      const { ms, entries } = parsed as { ms?: number; entries?: number };
      this.finish({ ...this.state, done: true, percent: 100, ...(typeof ms === 'number' ? { ms } : {}), ...(typeof entries === 'number' ? { entries } : {}) });
      return;
    } else {
      return;
    }
    this.onChange();
  }

  private append(lines: readonly number[]): void {
    if (this.count + lines.length > this.lines.length) {
      let capacity = this.lines.length * 2;
      while (capacity < this.count + lines.length) capacity *= 2;
      const grown = new Float64Array(capacity);
      grown.set(this.lines.subarray(0, this.count));
      this.lines = grown;
    }
    for (const line of lines) this.lines[this.count++] = Number(line);
  }

  private finish(state: SearchState): void {
    this.abort.abort();
    this.state = state;
    this.onChange();
  }
}

/** Reads an SSE body to its end, calling `onEvent` with each event's name and data. */
async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (name: string, data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let name = '';
  let data: string[] = [];
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).replace(/\r$/, '');
      buffer = buffer.slice(end + 1);
      if (line === '') {
        if (data.length > 0) onEvent(name || 'message', data.join('\n'));
        name = '';
        data = [];
      } else if (line.startsWith('event:')) name = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
  }
}
