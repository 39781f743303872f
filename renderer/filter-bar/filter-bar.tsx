/**
 * The filter bar: the text box (words ANDed, "phrases", -exclusions, or one regex), the case,
 * regex and invert toggles, the context box (`-C N`), an inline error for an invalid regex, and
 * the level chips.
 */
import { memo, type Ref } from 'react';
import type { FilterOptions } from '../../src/shared/filter/filter-compile.js';
import { ContextBox } from './context-box.js';
import { LevelChips } from './level-chips.js';

/** Props of the filter bar. */
export interface FilterBarProps {
  options: FilterOptions;
  onChange: (options: FilterOptions) => void;
  error: string | undefined;
  busy: boolean;
  levelMask: number;
  levelCounts: Uint32Array;
  onLevelMask: (mask: number) => void;
  /** Whether the level chips apply to the shown view (not to a whole-file view, whose search has no levels). */
  levelsApply?: boolean;
  /** Whether the context box applies to the shown view (not to a whole-file view's search). */
  contextApplies?: boolean;
  inputRef: Ref<HTMLInputElement>;
}

interface ToggleProps {
  testId: string;
  pressed: boolean;
  label: string;
  title: string;
  onClick: () => void;
}

function Toggle(props: ToggleProps) {
  return (
    <button type="button" className="toggle" data-testid={props.testId} aria-pressed={props.pressed} title={props.title} aria-label={props.title} onClick={props.onClick}>
      {props.label}
    </button>
  );
}

/** The filter bar. */
export function FilterBar(props: FilterBarProps) {
  return (
    <div className="filter-bar" role="search">
      <FilterBox options={props.options} onChange={props.onChange} error={props.error} contextApplies={props.contextApplies} inputRef={props.inputRef} />
      {props.busy && <span className="filter-busy" aria-live="polite">filtering…</span>}
      {props.levelsApply !== false && <LevelChips mask={props.levelMask} counts={props.levelCounts} onChange={props.onLevelMask} />}
      {/* Shown under the box, over the strip below (styles.css), so that an error while typing
          never moves the chips or pushes the lines down. */}
      {props.error && (
        <span id="filter-error" className="filter-error" data-testid="filter-error" role="alert">
          {props.error} — showing all lines
        </span>
      )}
    </div>
  );
}

/**
 * The text box, the toggles and the context box: re-rendered only when the filter itself changes,
 * not with the level counts beside it, which change with every frame of a live stream (React sets
 * a controlled input's attributes again on every render).
 */
const FilterBox = memo(function FilterBox(props: Pick<FilterBarProps, 'options' | 'onChange' | 'error' | 'contextApplies' | 'inputRef'>) {
  const { options, onChange } = props;
  return (
    <div className={`filter-box${props.error ? ' invalid' : ''}`}>
      <input
        ref={props.inputRef}
        type="text"
        className="filter-input"
        data-testid="filter-input"
        aria-label="Filter lines"
        aria-invalid={props.error !== undefined}
        aria-describedby={props.error ? 'filter-error' : undefined}
        placeholder={options.regex ? 'Regular expression   (Ctrl+F)' : 'Filter: words, "a phrase", -exclude   (Ctrl+F)'}
        title={options.regex ? 'A regular expression (Ctrl+F; Esc clears)' : 'Words (each must match), "a phrase", -word to exclude, a | b for either (Ctrl+F; Esc clears)'}
        spellCheck={false}
        autoComplete="off"
        value={options.query}
        onChange={(event) => onChange({ ...options, query: event.target.value })}
      />
      {options.query.length > 0 && (
        <button type="button" className="clear-filter" aria-label="Clear the filter (Esc)" title="Clear the filter (Esc)" onClick={() => onChange({ ...options, query: '' })}>
          ×
        </button>
      )}
      <Toggle testId="filter-case" pressed={options.caseSensitive} label="Aa" title="Match case" onClick={() => onChange({ ...options, caseSensitive: !options.caseSensitive })} />
      <Toggle testId="filter-regex" pressed={options.regex} label=".*" title="Regular expression" onClick={() => onChange({ ...options, regex: !options.regex })} />
      <Toggle testId="filter-invert" pressed={options.invert} label="!=" title="Invert: show lines that do not match" onClick={() => onChange({ ...options, invert: !options.invert })} />
      {props.contextApplies !== false && <ContextBox value={options.context ?? 0} onChange={(context) => onChange({ ...options, context })} />}
    </div>
  );
});
