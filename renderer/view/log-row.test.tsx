// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileFilter } from '../../src/shared/filter/filter-compile.js';
import { Level } from '../../src/shared/levels/level.js';
import { KIND_ESCAPED, MarkerType } from '../store/line-flags.js';
import { LogRow, matchColumnBeyond, MarkerRow, TrimmedRow, type LogRowProps } from './log-row.js';
import { DISPLAY_LIMIT_CHARS } from './view-constants.js';

afterEach(cleanup);

const noFilter = compileFilter({ query: '', regex: false, caseSensitive: false, invert: false }).filter;

function row(overrides: Partial<LogRowProps>) {
  const props: LogRowProps = {
    index: 7,
    text: 'plain line',
    seq: 42,
    flags: Level.info,
    sourceId: 'src1',
    colour: undefined,
    filter: noFilter,
    selected: false,
    full: false,
    jsonOpen: false,
    onGutterClick: vi.fn(),
    onToggleFull: vi.fn(),
    onToggleJson: vi.fn(),
    ...overrides,
  };
  return { props, ...render(<LogRow {...props} />) };
}

describe('LogRow', () => {
  it('carries the contract hooks and the line number', () => {
    const { container } = row({});
    const line = container.querySelector('[data-testid=log-line]') as HTMLElement;
    expect(line.dataset.seq).toBe('42');
    expect(line.dataset.source).toBe('src1');
    expect(line.dataset.level).toBe('info');
    expect(line.querySelector('.gutter')?.textContent).toBe('42');
    expect(line.textContent).toContain('plain line');
  });

  it('names the digits of the number it shows, which right-align it in the gutter (styles.css)', () => {
    expect(row({}).container.querySelector('.gutter')?.className).toBe('gutter gutter-d2');
    expect(row({ line: 123_456 }).container.querySelector('.gutter')?.className).toBe('gutter gutter-d6');
    expect(row({ seq: -17 }).container.querySelector('.gutter')?.className).toBe('gutter gutter-d3');
  });

  it('shows markup as text', () => {
    const { container } = row({ text: '<b>bold</b><script>x()</script>' });
    expect(container.querySelector('b, script')).toBeNull();
    expect(container.querySelector('.text')?.textContent).toBe('<b>bold</b><script>x()</script>');
  });

  it('splits a leading timestamp into its column', () => {
    const { container } = row({ text: '2024-05-01T10:00:00Z INFO hello' });
    expect(container.querySelector('.ts')?.textContent).toBe('2024-05-01T10:00:00Z');
    expect(container.querySelector('.text')?.textContent).toBe(' INFO hello');
  });

  it('renders ANSI colours without escape codes and marks matches inside them', () => {
    const filter = compileFilter({ query: 'red', regex: false, caseSensitive: false, invert: false }).filter;
    const { container } = row({ text: 'a \u001b[31mred\u001b[0m b', flags: KIND_ESCAPED, filter });
    expect(container.textContent).not.toContain('\u001b');
    const mark = container.querySelector('mark') as HTMLElement;
    expect(mark.textContent).toBe('red');
    expect(mark.style.color).toBe('var(--ansi-red)');
  });

  it('cuts a very long line and expands it on click', () => {
    const text = 'y'.repeat(DISPLAY_LIMIT_CHARS + 500);
    const { container, props } = row({ text });
    expect(container.querySelector('.text')?.textContent?.length).toBe(DISPLAY_LIMIT_CHARS);
    const button = container.querySelector('.more') as HTMLButtonElement;
    expect(button.textContent).toContain('500 more characters');
    fireEvent.click(button);
    expect(props.onToggleFull).toHaveBeenCalledWith(7);
    cleanup();
    const { container: full } = row({ text, full: true });
    expect(full.querySelector('.text')?.textContent?.length).toBe(text.length);
  });

  it("shows a line's SSE event name as a tag, and none for a line without one", () => {
    const { container } = row({ text: 'user 42 logged in', eventName: 'audit' });
    expect(container.querySelector('[data-testid=event-tag]')?.textContent).toBe('audit');
    cleanup();
    const { container: plain } = row({ text: 'user 42 logged in', eventName: '' });
    expect(plain.querySelector('[data-testid=event-tag]')).toBeNull();
  });

  it('offers a pretty view of JSON lines', () => {
    const text = '{"level":"info","n":[1,2]}';
    const { container, props } = row({ text });
    fireEvent.click(container.querySelector('.json-toggle') as HTMLButtonElement);
    expect(props.onToggleJson).toHaveBeenCalledWith(7, container.querySelector('[data-testid=log-line]'));
    cleanup();
    const { container: open } = row({ text, jsonOpen: true });
    expect(open.querySelector('.json-pretty')?.textContent).toBe('{\n  "level": "info",\n  "n": [\n    1,\n    2\n  ]\n}');
  });

  it('shows a JSON string with line breaks as lines when opened', () => {
    const { container } = row({ text: '{"msg":"boom","stack":"Error: boom\\n    at run (a.js:1)"}', jsonOpen: true });
    expect(container.querySelector('.json-pretty')?.textContent).toBe('{\n  "msg": "boom",\n  "stack": """\n    Error: boom\n        at run (a.js:1)\n    """\n}');
  });

  it('selects from the gutter and explains the level on hover', () => {
    const { container, props } = row({ text: 'x [main] ERROR boom', flags: Level.error });
    const gutter = container.querySelector('.gutter') as HTMLElement;
    fireEvent.click(gutter, { shiftKey: true });
    expect(props.onGutterClick).toHaveBeenCalledWith(7, expect.objectContaining({ shiftKey: true }));
    fireEvent.mouseEnter(gutter);
    expect(gutter.title).toContain('error: level word "ERROR" at column 10');
    // In All sources it names the source too.
    const merged = row({ text: 'INFO up', flags: Level.info, sourceName: 'app.log' }).container.querySelector('.gutter') as HTMLElement;
    fireEvent.mouseEnter(merged);
    expect(merged.title).toMatch(/^app\.log, line 42: /);
  });

  it('keeps its gutter element when the row shows another line, and drops the old line’s tooltip', () => {
    const { container, props, rerender } = row({ text: 'x [main] ERROR boom', flags: Level.error });
    const gutter = container.querySelector('.gutter') as HTMLElement;
    fireEvent.mouseEnter(gutter);
    expect(gutter.title).toContain('Line 42');
    rerender(<LogRow {...props} seq={43} text="INFO next" flags={Level.info} />);
    const after = container.querySelector('.gutter') as HTMLElement;
    expect(after).toBe(gutter);
    expect(after.textContent).toBe('43');
    expect(after.hasAttribute('title')).toBe(false);
    fireEvent.mouseEnter(after);
    expect(after.title).toContain('Line 43');
  });
});

describe('marker rows', () => {
  it('say what happened', () => {
    const { container } = render(
      <>
        <MarkerRow text="12 lines lost" type={MarkerType.gap} sourceId="s" />
        <TrimmedRow trimmed={1500} limit={1_000_000} />
      </>,
    );
    const markers = container.querySelectorAll('[data-testid=log-marker]');
    expect((markers[0] as HTMLElement).dataset.kind).toBe('gap');
    expect(markers[1]?.textContent).toBe('1,500 older lines trimmed (this view keeps the newest 1,000,000)');
    expect(container.querySelector('[data-testid=log-line]')).toBeNull();
  });
});

describe('a match past the right edge', () => {
  it('counts the columns before the match, tabs and wide characters included, and the toggles before the text', () => {
    const at = (line: string, word: string): number[] => [line.indexOf(word), line.indexOf(word) + word.length];
    const view = (columns: number, from = 0) => ({ columns, from });
    const line = (pad: number) => `${'x'.repeat(pad)} NEEDLE`;
    expect(matchColumnBeyond(line(30), at(line(30), 'NEEDLE'), view(40), 0)).toBeUndefined();
    expect(matchColumnBeyond(line(50), at(line(50), 'NEEDLE'), view(40), 0)).toBe(51);
    // Ten characters, but five tabs: the match starts at column 40.
    const tabbed = '\t\t\t\t\tNEEDLE';
    expect(matchColumnBeyond(tabbed, at(tabbed, 'NEEDLE'), view(40), 0)).toBe(40);
    expect(matchColumnBeyond(tabbed, at(tabbed, 'NEEDLE'), view(41), 0)).toBeUndefined();
    // Twenty Chinese characters are forty columns.
    const wide = `${'日'.repeat(20)}NEEDLE`;
    expect(matchColumnBeyond(wide, at(wide, 'NEEDLE'), view(40), 0)).toBe(40);
    // A JSON toggle or an event tag before the text pushes the match further right.
    expect(matchColumnBeyond(line(36), at(line(36), 'NEEDLE'), view(40), 5)).toBe(42);
    // Scrolled sideways: in view once the window reaches it, still beyond while it does not.
    expect(matchColumnBeyond(line(50), at(line(50), 'NEEDLE'), view(40, 12), 0)).toBeUndefined();
    expect(matchColumnBeyond(line(60), at(line(60), 'NEEDLE'), view(40, 12), 0)).toBe(61);
    expect(matchColumnBeyond('no match here', [], view(5), 0)).toBeUndefined();
  });

  it('brings the match into view when its marker is clicked', () => {
    const onRevealMatch = vi.fn();
    const text = `${'x'.repeat(80)} NEEDLE`;
    const { getByTestId } = row({ text, filter: compileFilter({ query: 'NEEDLE', regex: false, caseSensitive: false, invert: false }).filter, textWindow: { columns: 40, from: 0 }, onRevealMatch });
    fireEvent.click(getByTestId('match-beyond'));
    expect(onRevealMatch).toHaveBeenCalledWith(81);
  });
});
