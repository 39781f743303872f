/** Shapes of the in-page probes of console-probes.page.js. */

/** What the page shows of the hostile content. */
export interface PageEvidence {
  pwned: unknown;
  title: string;
  /** Elements inside log lines (and the source list) that came from markup. */
  injected: string[];
  /** Links inside log lines whose target is not http(s). */
  scriptLinks: string[];
}

export function recordTitlesInPage(): void;
export function titlesInPage(): string[];
export function evidenceInPage(forbidden: string[]): PageEvidence;
export function wordPositionsInPage(arg: { key: string; words: string[] }): number[];
export function controlImageInPage(add: boolean): void;
export function countLinesInPage(): number;
