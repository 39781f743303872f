/**
 * What "Clear" hid, per source, so that it stays hidden: the source's epoch and the number of the
 * last line cleared. Lines numbered up to the cut, in that epoch, are dropped as they arrive, in
 * every view and after a reload of the page (kept in localStorage). Another epoch (the server
 * restarted, the source was opened again) numbers its lines afresh, so the cut no longer applies.
 */

/** The localStorage key of the cuts (JSON `{ID: {epoch, seq}}`). */
export const CLEAR_CUTS_KEY = 'tailstream.clearCuts';

/**
 * Most cuts remembered. 256: far more sources than a console shows at once; past it the oldest
 * cut goes (its source, if it comes back, shows its held lines again).
 */
export const MAX_CLEAR_CUTS = 256;

/** One cut: lines `1..seq` of epoch `epoch` are hidden. */
export interface ClearCut {
  epoch: string;
  seq: number;
}

/** Where cuts are kept between page loads. */
export type CutStorage = Pick<Storage, 'getItem' | 'setItem'>;

function browserStorage(): CutStorage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage refused: cuts last for this page only
  }
}

/** The cuts of every source. */
export class ClearCuts {
  private readonly cuts = new Map<string, ClearCut>();

  constructor(private readonly storage: CutStorage | undefined = browserStorage()) {
    try {
      const saved = JSON.parse(storage?.getItem(CLEAR_CUTS_KEY) ?? '{}') as unknown;
      if (saved !== null && typeof saved === 'object') {
        for (const [id, cut] of Object.entries(saved as Record<string, Partial<ClearCut>>)) {
          if (typeof cut?.epoch === 'string' && typeof cut.seq === 'number' && Number.isFinite(cut.seq)) this.cuts.set(id, { epoch: cut.epoch, seq: cut.seq });
        }
      }
    } catch {
      // unreadable: start with none
    }
  }

  /** The last hidden line number of source `id` in `epoch`; 0 when nothing is hidden. */
  seqFor(id: string, epoch: string): number {
    const cut = this.cuts.get(id);
    return cut !== undefined && cut.epoch === epoch ? cut.seq : 0;
  }

  /** Hides lines `1..seq` of source `id` in `epoch` from now on, and remembers it. */
  set(id: string, epoch: string, seq: number): void {
    this.cuts.delete(id);
    this.cuts.set(id, { epoch, seq });
    while (this.cuts.size > MAX_CLEAR_CUTS) this.cuts.delete(this.cuts.keys().next().value as string);
    this.save();
  }

  private save(): void {
    try {
      this.storage?.setItem(CLEAR_CUTS_KEY, JSON.stringify(Object.fromEntries(this.cuts)));
    } catch {
      // full or refused: the cut holds for this page
    }
  }
}
