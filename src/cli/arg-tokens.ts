import { UsageError } from './usage-error.js';

/** One command-line argument, as a command's parser takes it. */
export type ArgToken = { kind: 'file'; path: string } | { kind: 'switch'; flag: string } | { kind: 'value'; flag: string; value: string };

/** The flags a command knows, and where its help is. */
export interface ArgGrammar {
  /** Flags that take a value (`--lines 10` or `--lines=10`). */
  valueFlags: ReadonlySet<string>;
  /** Flags that take none (`--open`). */
  switches: ReadonlySet<string>;
  /** What to run for help, named in the unknown-option message (`tailstream --help`). */
  help: string;
}

/**
 * Splits a command's arguments into FILE names, switches and flags with their values, the same
 * way for every command: `--` ends the options, `-` is a FILE, `--flag=value` and `--flag value`
 * are the same. Throws `UsageError` for an empty FILE name, an unknown option, a switch given a
 * value, or a flag missing its value.
 */
export function tokenizeArgs(args: readonly string[], grammar: ArgGrammar): ArgToken[] {
  const tokens: ArgToken[] = [];
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (onlyFiles || !arg.startsWith('-') || arg === '-') {
      if (arg === '') throw new UsageError('an empty FILE name was given');
      tokens.push({ kind: 'file', path: arg });
      continue;
    }
    if (arg === '--') {
      onlyFiles = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    if (grammar.switches.has(flag)) {
      if (eq >= 0) throw new UsageError(`${flag} takes no value`);
      tokens.push({ kind: 'switch', flag });
      continue;
    }
    if (!grammar.valueFlags.has(flag)) throw new UsageError(`unknown option ${flag} (see ${grammar.help})`);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = args[i + 1];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      value = next;
      i++;
    }
    tokens.push({ kind: 'value', flag, value });
  }
  return tokens;
}

/** Reads a whole number for `flag` between `min` and `max`; `UsageError` otherwise. */
export function integerArg(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} needs a whole number, not ${JSON.stringify(text)}`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${flag} must be between ${min} and ${max}, not ${text}`);
  return value;
}
