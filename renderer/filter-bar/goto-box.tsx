/**
 * The "go to" box (`data-testid=goto-line`, contract sections 4, 7 and 8): a line number or a
 * time, then Enter, brings that line into view, selected. Ctrl/Cmd+G focuses it. What the text
 * means is the shown view's business (`onGoto`), which answers with a reason when it cannot go
 * there, at once or, when it must ask the server (a time in a whole file), once it knows.
 */
import { useEffect, useRef, useState } from 'react';

/** Props of the go-to box. */
export interface GotoBoxProps {
  /** Goes to what was typed; returns (or resolves to) why not, in words, when it cannot. */
  onGoto: (text: string) => string | undefined | Promise<string | undefined>;
  placeholder: string;
}

/** The go-to box. */
export function GotoBox({ onGoto, placeholder }: GotoBoxProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);
  // Which Enter an answer belongs to: an answer that comes after the text changed is dropped.
  const attempt = useRef(0);
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
        title={error ?? 'Go to a line or a time: type its number or a time (2026-11-24 10:05, 10:05:30), then Enter (Ctrl+G)'}
        placeholder={placeholder}
        value={text}
        aria-invalid={error !== undefined}
        onChange={(event) => {
          attempt.current++;
          setText(event.target.value);
          setError(undefined);
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return;
          event.preventDefault();
          const mine = ++attempt.current;
          void Promise.resolve(onGoto(text.trim())).then((reason) => {
            if (mine === attempt.current) setError(reason);
          });
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
