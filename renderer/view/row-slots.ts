/**
 * Keys for the rows of the followed tail that let the rows' DOM be reused, the way a recycled
 * virtual list (or xterm.js's row elements) does. Keyed by line, every new line at the bottom
 * would create its row's elements and every line leaving at the top would remove its own: under a
 * heavy stream that is a whole screen of elements created and removed per frame, each new one
 * styled afresh. Keyed by slot, a line that stays keeps its slot (its row is not rendered again:
 * same key, same props), and a new line takes the slot a departed line freed, so React updates
 * that row's text and attributes in place instead of creating one.
 */

/** Slot keys for the lines drawn, kept from one render to the next. */
export class RowSlots {
  private slots = new Map<number, number>();

  /**
   * The slot of each of `lines` (store indices, distinct, in drawing order): a line drawn last
   * time keeps its slot; the others take, in order, the lowest slots no line of `lines` keeps.
   * Slots are 0 .. lines.length - 1, each used once.
   */
  assign(lines: readonly number[]): number[] {
    const result = new Array<number>(lines.length);
    const taken = new Uint8Array(lines.length);
    const next = new Map<number, number>();
    for (let i = 0; i < lines.length; i++) {
      const slot = this.slots.get(lines[i] as number);
      if (slot !== undefined && slot < lines.length && taken[slot] === 0) {
        taken[slot] = 1;
        result[i] = slot;
      } else result[i] = -1;
    }
    let free = 0;
    for (let i = 0; i < lines.length; i++) {
      if (result[i] === -1) {
        while (taken[free] === 1) free++;
        taken[free] = 1;
        result[i] = free;
      }
      next.set(lines[i] as number, result[i] as number);
    }
    this.slots = next;
    return result;
  }
}
