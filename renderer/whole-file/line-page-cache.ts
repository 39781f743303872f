/**
 * The pages of a whole file the console has fetched: a small least-recently-used cache, so that
 * scrolling anywhere in a file of millions of lines costs a request per screen at most and the
 * console never holds the file (docs/wire-contract.md section 7, "pulled for what is on screen").
 */

/** Lines per fetched page: 500, a few screens; one request of about 50 KB for typical lines. */
export const PAGE_LINES = 500;

/** Pages kept: 40 (20,000 lines), enough for fast back-and-forth scrolling around a spot. */
export const MAX_PAGES = 40;

/** How long, in ms, a page whose request failed is not asked for again: 2 s, so an error never becomes a request loop. */
export const RETRY_AFTER_MS = 2000;

/**
 * Reads `count` lines from line `from` (1-based); may return fewer at the end of the file. `signal`
 * aborts the request: the cache no longer wants its answer.
 */
export type PageLoader = (from: number, count: number, signal: AbortSignal) => Promise<{ lines: string[]; total: number }>;

/**
 * How long, in ms, the rest of a partial page that the server did not have yet is not asked for
 * again: 100. The console learns of new lines from the stream, and the server's index may take a
 * moment longer to reach them; asked at every frame until then, the requests came back to back.
 */
export const PARTIAL_RETRY_MS = 100;

interface Page {
  lines: string[];
  /** Whether the page was the file's last, still growing when read. */
  partial: boolean;
  /** When (Date.now) asking for the rest of this partial page brought no line. */
  emptyAt?: number;
}

/**
 * Fetches pages on demand, one request per page at a time, and tells `onChange` when one arrives.
 * `invalidate()` forgets everything (the file was truncated, rotated or rewritten, or the tab is
 * closing) and aborts the requests on their way: their answers would be of no use, and the one of a
 * source being closed would be an error.
 */
export class LinePageCache {
  private readonly pages = new Map<number, Page>();
  private readonly loading = new Set<number>();
  private readonly failedAt = new Map<number, number>();
  private generation = 0;
  /** Aborts the requests of the current generation. */
  private abort = new AbortController();
  /** While true, nothing is requested (the source is being closed). */
  private paused = false;
  /** The last error, for the view to show; cleared by the next success. */
  error: string | undefined;

  constructor(
    private readonly load: PageLoader,
    private readonly onChange: (total: number | undefined) => void,
  ) {}

  /** The text of line `line` (1-based) if its page is here; otherwise asks for the page. */
  get(line: number): string | undefined {
    const index = Math.floor((line - 1) / PAGE_LINES);
    const page = this.pages.get(index);
    if (page !== undefined) {
      // Most recently used goes last: Map keeps insertion order.
      this.pages.delete(index);
      this.pages.set(index, page);
      const text = page.lines[(line - 1) % PAGE_LINES];
      if (text !== undefined) return text;
      if (!page.partial) return undefined;
      // The file grew past what the page held: ask for the rest of it, not the whole page again.
      if (page.emptyAt !== undefined && Date.now() - page.emptyAt < PARTIAL_RETRY_MS) return undefined;
    }
    this.request(index);
    return undefined;
  }

  /** Forgets every page (the file's content changed under its line numbers). */
  invalidate(): void {
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    this.pages.clear();
    this.loading.clear();
    this.failedAt.clear();
  }

  /** Forgets every page, aborts the requests and asks for none until `resume`: the source is being closed. */
  pause(): void {
    this.paused = true;
    this.invalidate();
  }

  /** Asks for pages again (the close did not happen). */
  resume(): void {
    this.paused = false;
  }

  /** Pages held now (for tests and diagnostics). */
  get size(): number {
    return this.pages.size;
  }

  private request(index: number): void {
    if (this.paused || this.loading.has(index)) return;
    const failed = this.failedAt.get(index);
    if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) return;
    this.loading.add(index);
    const generation = this.generation;
    // A partial page is completed from where it stops.
    const held = this.pages.get(index);
    const have = held?.partial === true ? held.lines.length : 0;
    this.load(index * PAGE_LINES + have + 1, PAGE_LINES - have, this.abort.signal).then(
      ({ lines, total }) => {
        if (generation !== this.generation) return;
        this.loading.delete(index);
        this.failedAt.delete(index);
        const page = this.pages.get(index);
        if (have > 0 && page === held && page !== undefined) {
          page.lines.push(...lines);
          page.partial = page.lines.length < PAGE_LINES;
          if (lines.length === 0) page.emptyAt = Date.now();
          else delete page.emptyAt;
        } else if (have === 0) {
          this.pages.set(index, { lines, partial: lines.length < PAGE_LINES });
        }
        while (this.pages.size > MAX_PAGES) this.pages.delete(this.pages.keys().next().value as number);
        this.error = undefined;
        this.onChange(total);
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.loading.delete(index);
        this.failedAt.set(index, Date.now());
        this.error = error instanceof Error ? error.message : String(error);
        this.onChange(undefined);
      },
    );
  }
}
