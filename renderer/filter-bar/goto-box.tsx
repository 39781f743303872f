/**
 * The "go to" box (`data-testid=goto-line`, contract sections 4 and 7): a line number, then
 * Enter, brings that line into view, selected. Ctrl/Cmd+G focuses it. What a number means is the
 * shown view's business (`onGoto`), which answers with a reason when it cannot go there.
 */
import { useEffect, useRef, useState } from 'react';

/** Props of the go-to box. */
export interface GotoBoxProps {
  /** Goes to what was typed; returns why not, in words, when it cannot. */
  onGoto: (text: string) => string | undefined;
  placeholder: string;
}

/** The go-to box. */
export function GotoBox({ onGoto, placeholder }: GotoBoxProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'g') {
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  return (
    <span className={`goto-box${error ? ' invalid' : ''}`}>
      <input
        ref={inputRef}
        type="text"
        inputMode="numeric"
        className="goto-input"
        data-testid="goto-line"
        aria-label="Go to line (Ctrl+G)"
        title={error ?? 'Go to a line: type its number, then Enter (Ctrl+G)'}
        placeholder={placeholder}
        value={text}
        aria-invalid={error !== undefined}
        onChange={(event) => {
          setText(event.target.value);
          setError(undefined);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          setError(onGoto(text.trim()));
        }}
      />
      {error && (
        <span className="goto-error" role="alert" data-testid="goto-error">
          {error}
        </span>
      )}
    </span>
  );
}

/** Reads a line number as a person types it (`1,000,000`, `1 000 000`, `#42`); `undefined` if it is not one. */
export function parseLineNumber(text: string): number | undefined {
  const digits = text.replace(/^#/, '').replace(/[\s,._]/g, '');
  if (!/^\d{1,16}$/.test(digits)) return undefined;
  const line = Number(digits);
  return line >= 1 && Number.isSafeInteger(line) ? line : undefined;
}
