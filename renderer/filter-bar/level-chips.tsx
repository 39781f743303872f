/**
 * Level chips: one per level with the number of lines (passing the text filter) at that level.
 * None pressed shows every line; pressing chips shows only lines at those levels.
 */
import { Level, LEVEL_NAMES } from '../../src/shared/levels/level.js';
import { formatCount } from '../text/format-count.js';

/** Props of the level chips. */
export interface LevelChipsProps {
  /** Bit `1 << level` per pressed chip. */
  mask: number;
  /** Lines by level code. */
  counts: Uint32Array;
  onChange: (mask: number) => void;
}

const compact = (n: number): string => (n < 10_000 ? formatCount(n) : n < 1_000_000 ? `${Math.floor(n / 1000)}k` : `${(n / 1_000_000).toFixed(1)}M`);

/** The level chips. */
export function LevelChips({ mask, counts, onChange }: LevelChipsProps) {
  return (
    <div className="level-chips" role="group" aria-label="Levels">
      {LEVEL_NAMES.map((name) => {
        const bit = 1 << Level[name];
        const pressed = (mask & bit) !== 0;
        const count = counts[Level[name]] ?? 0;
        return (
          <button
            key={name}
            type="button"
            className={`chip level-${name}`}
            data-testid="level-chip"
            data-level={name}
            data-count={count}
            aria-pressed={pressed}
            title={`${pressed ? 'Stop showing only' : 'Show only'} ${name} lines${mask !== 0 && !pressed ? ' (added to the chips already on)' : ''}`}
            onClick={() => onChange(mask ^ bit)}
          >
            <span className="chip-name">{name}</span>
            <span className="chip-count">{compact(count)}</span>
          </button>
        );
      })}
    </div>
  );
}
