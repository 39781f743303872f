import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './parse-args.js';

const usageError = (argv: string[]): string => {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} parsed`);
};

describe('parseArgs', () => {
  it('parses serve with files and remotes in the order given, and every option', () => {
    expect(parseArgs(['serve', 'a.log', '--remote', 'http://127.0.0.1:1/x', 'b.log', '--host', '::1', '--port=8080', '--token', 'abc_DEF-1.2~', '--lines', '0', '--poll=250', '--hold', '5000', '--open'])).toEqual({
      command: 'serve',
      options: {
        sources: [
          { kind: 'file', path: 'a.log' },
          { kind: 'remote', url: 'http://127.0.0.1:1/x' },
          { kind: 'file', path: 'b.log' },
        ],
        host: '::1',
        port: 8080,
        token: 'abc_DEF-1.2~',
        initialLines: 0,
        pollIntervalMs: 250,
        holdLines: 5000,
        open: true,
      },
    });
    expect(parseArgs(['serve'])).toEqual({ command: 'serve', options: { sources: [], host: '127.0.0.1', port: 0, open: false } });
    expect(parseArgs(['serve', '--', '--weird-name.log', '-'])).toMatchObject({
      options: { sources: [{ kind: 'file', path: '--weird-name.log' }, { kind: 'file', path: '-' }] },
    });
  });

  it('answers --help and --version', () => {
    expect(parseArgs(['--help'])).toEqual({ command: 'help' });
    expect(parseArgs(['serve', '-h'])).toEqual({ command: 'help' });
    expect(parseArgs(['--version'])).toEqual({ command: 'version' });
  });

  it('refuses bad usage with one-line messages', () => {
    const cases: [string[], RegExp][] = [
      [[], /missing command/],
      [['tail', 'x'], /unknown command "tail"/],
      [['serve', '--bogus'], /unknown option --bogus/],
      [['serve', '-x'], /unknown option -x/],
      [['serve', '--port'], /--port needs a value/],
      [['serve', '--port', 'abc'], /--port needs a whole number/],
      [['serve', '--port', '70000'], /--port must be between 0 and 65535/],
      [['serve', '--port', '-1'], /--port needs a whole number/],
      [['serve', '--lines', '1.5'], /--lines needs a whole number/],
      [['serve', '--poll', '0'], /--poll must be between 1/],
      [['serve', '--hold', '0'], /--hold must be between 1/],
      [['serve', '--open=yes'], /--open takes no value/],
      [['serve', '--token', 'has space'], /--token may hold only/],
      [['serve', '--token', ''], /--token may hold only/],
      [['serve', '--host', ''], /--host needs/],
      [['serve', '--remote', 'ftp://x/'], /--remote needs an absolute http\(s\) URL/],
      [['serve', '--remote', 'nope'], /--remote needs an absolute http\(s\) URL/],
    ];
    for (const [argv, pattern] of cases) {
      const message = usageError(argv);
      expect(message).toMatch(pattern);
      expect(message).not.toContain('\n');
    }
  });

  it('takes --max-sources, and refuses more sources on the command line than it allows', () => {
    const parsed = parseArgs(['serve', 'a.log', '--max-sources', '500']);
    expect(parsed).toMatchObject({ command: 'serve', options: { maxSources: 500 } });
    expect(usageError(['serve', 'a.log', 'b.log', '--max-sources', '1'])).toMatch(/2 sources were named, more than the 1 a server holds: raise it with --max-sources N/);
    expect(usageError(['serve', ...Array.from({ length: 101 }, (_, i) => `f${i}.log`)])).toMatch(/101 sources were named, more than the 100/);
    expect(usageError(['serve', '--max-sources', '0'])).toMatch(/--max-sources must be between 1 and 10000/);
  });

  it('reads the FILEs after --encoding NAME in that encoding, up to the next --encoding, and refuses an unknown name or one with no FILE after it', () => {
    const parsed = parseArgs(['serve', 'a.log', '--encoding', 'latin1', 'b.log', '--remote', 'http://127.0.0.1:1/x', 'c.log', '--encoding=UTF-16', 'd.log']);
    expect(parsed.command === 'serve' ? parsed.options.sources : []).toEqual([
      { kind: 'file', path: 'a.log' },
      { kind: 'file', path: 'b.log', encoding: 'windows-1252' },
      { kind: 'remote', url: 'http://127.0.0.1:1/x' },
      { kind: 'file', path: 'c.log', encoding: 'windows-1252' },
      { kind: 'file', path: 'd.log', encoding: 'utf-16' },
    ]);
    const unknown = usageError(['serve', '--encoding', 'ebcdic', 'a.log']);
    expect(unknown).toContain('"ebcdic"');
    expect(unknown).toContain('utf-8, windows-1252, utf-16, utf-16le, utf-16be');
    expect(usageError(['serve', 'a.log', '--encoding', 'utf-8'])).toContain('none follows it');
  });

  it('takes --no-follow-symlinks, without a value', () => {
    expect(parseArgs(['serve', 'a.log', '--no-follow-symlinks'])).toMatchObject({ command: 'serve', options: { noFollowSymlinks: true } });
    expect(usageError(['serve', '--no-follow-symlinks=yes'])).toMatch(/--no-follow-symlinks takes no value/);
  });
});
