import { parseRemoteUrl } from '../node/remote/remote-source.js';
import { MAX_SOURCES } from '../node/hub/source-limits.js';
import { TOKEN_PATTERN } from '../node/server/auth.js';
import { parsePublishArgs, type PublishCommand } from './publish-args.js';
import { integerArg, tokenizeArgs, type ArgGrammar } from './arg-tokens.js';
import { UsageError } from './usage-error.js';
import { acceptedEncodingsText, parseSourceEncoding, type SourceEncoding } from '../shared/text-encodings.js';

/** One source named on the command line, in the order given (a file with the `--encoding` before it). */
export type CliSource = { kind: 'file'; path: string; encoding?: SourceEncoding } | { kind: 'remote'; url: string };

/** What `tailstream serve` was asked to do. */
export interface ServeOptions {
  sources: CliSource[];
  host: string;
  port: number;
  token?: string;
  initialLines?: number;
  pollIntervalMs?: number;
  /** `--hold N`: most lines each source keeps for replay (the ring's line bound). */
  holdLines?: number;
  /** `--max-sources N`: most sources the server holds at once. */
  maxSources?: number;
  /** `--no-follow-symlinks`: a FILE that is, or becomes, a symbolic link is refused. */
  noFollowSymlinks?: boolean;
  open: boolean;
}

/** The parsed command line. */
export type CliCommand = { command: 'help' } | { command: 'version' } | { command: 'serve'; options: ServeOptions } | PublishCommand;

export { UsageError };

/** The `--help` text. */
export const USAGE = `Usage: tailstream serve [FILE ...] [--remote URL ...] [--host HOST] [--port N] [--token TOKEN]
                        [--lines N] [--poll MS] [--hold N] [--max-sources N]
                        [--no-follow-symlinks] [--encoding NAME FILE ...] [--open]
       tailstream publish FILE --to URL [--header "Name: value" ...] [--state DIR] [--lines N] [--poll MS]
       tailstream --help | --version

Follows log files and remote Server-Sent-Events streams and serves them, live, to a console in
the browser. The first line on stdout is the URL to open.

Options:
  FILE            a file to follow by name, like tail -F (it may not exist yet)
  --remote URL    an http(s) Server-Sent-Events stream to follow (repeatable)
  --host HOST     address to bind (default 127.0.0.1; anything else is reachable by others)
  --port N        port to bind (default 0: a free port)
  --token TOKEN   the access token (default: a fresh random 256-bit token)
  --lines N       lines of each file's existing content to load first (default 1000; 0: none)
  --poll MS       follow files by polling every MS milliseconds instead of change events
  --hold N        lines each source keeps for consoles that connect or resume later
                  (default 1200000; fewer uses less memory)
  --max-sources N most sources the server holds at once, counting those added over
                  HTTP (default 100; past it, adding one answers 429)
  --no-follow-symlinks
                  refuse a FILE that is, or becomes, a symbolic link (by default it is
                  followed to wherever it points, as tail -F does)
  --encoding NAME the FILEs named after it (up to the next --encoding) are read in NAME:
                  utf-8 (the default), windows-1252 (also latin1, iso-8859-1), utf-16
                  (byte order from the BOM), utf-16le, utf-16be
  --open          open the console in the default browser
  --help          show this help
  --version       show the version
`;

/** Largest `--lines`: ten million lines (more than any ring holds by default). */
const MAX_INITIAL_LINES = 10_000_000;
/** Largest `--poll`: one hour, in ms. */
const MAX_POLL_MS = 3_600_000;
/** Largest `--hold`: a hundred million lines (the byte bound of the ring applies as well). */
const MAX_HOLD_LINES = 100_000_000;
/** Largest `--max-sources`: ten thousand (each source holds a descriptor or a connection). */
const MAX_MAX_SOURCES = 10_000;

/** Options that take a value. */
/** The flags of `tailstream serve`. */
const SERVE_GRAMMAR: ArgGrammar = {
  valueFlags: new Set(['--remote', '--host', '--port', '--token', '--lines', '--poll', '--hold', '--max-sources', '--encoding']),
  switches: new Set(['--open', '--no-follow-symlinks']),
  help: 'tailstream --help',
};

/** Parses `argv` (without `node` and the script). Throws `UsageError` for bad usage. */
export function parseArgs(argv: readonly string[]): CliCommand {
  if (argv[0] === 'publish') return parsePublishArgs(argv.slice(1));
  if (argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  if (argv.includes('--version') || argv.includes('-V')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command: try `tailstream serve FILE` (see tailstream --help)');
  if (command !== 'serve') throw new UsageError(`unknown command ${JSON.stringify(command)}: try \`tailstream serve FILE\` (see tailstream --help)`);
  return { command: 'serve', options: parseServe(rest) };
}

function parseServe(args: readonly string[]): ServeOptions {
  const options: ServeOptions = { sources: [], host: '127.0.0.1', port: 0, open: false };
  // `--encoding NAME` applies to the FILEs that follow it, so one command line can mix encodings.
  let encoding: { name: SourceEncoding; used: boolean } | undefined;
  for (const token of tokenizeArgs(args, SERVE_GRAMMAR)) {
    if (token.kind === 'file') {
      options.sources.push({ kind: 'file', path: token.path, ...(encoding !== undefined ? { encoding: encoding.name } : {}) });
      if (encoding !== undefined) encoding.used = true;
    } else if (token.kind === 'value' && token.flag === '--encoding') {
      const name = parseSourceEncoding(token.value);
      if (name === undefined) throw new UsageError(`--encoding does not know ${JSON.stringify(token.value)}. ${acceptedEncodingsText()}`);
      encoding = { name, used: false };
    } else if (token.kind === 'value') applyValue(options, token.flag, token.value);
    else if (token.flag === '--open') options.open = true;
    else options.noFollowSymlinks = true;
  }
  if (encoding !== undefined && !encoding.used) throw new UsageError('--encoding applies to the FILEs named after it, and none follows it');
  const maxSources = options.maxSources ?? MAX_SOURCES;
  if (options.sources.length > maxSources) {
    throw new UsageError(`${options.sources.length} sources were named, more than the ${maxSources} a server holds: raise it with --max-sources N`);
  }
  return options;
}

function applyValue(options: ServeOptions, flag: string, value: string): void {
  switch (flag) {
    case '--remote':
      try {
        parseRemoteUrl(value);
      } catch (error) {
        throw new UsageError(`--remote needs an absolute http(s) URL: ${error instanceof Error ? error.message : String(error)}`);
      }
      options.sources.push({ kind: 'remote', url: value });
      return;
    case '--host':
      if (value.trim() === '' || /[\s/]/.test(value)) throw new UsageError(`--host needs a host name or address, not ${JSON.stringify(value)}`);
      options.host = value;
      return;
    case '--port':
      options.port = integerArg(flag, value, 0, 65535);
      return;
    case '--token':
      if (!TOKEN_PATTERN.test(value)) throw new UsageError('--token may hold only letters, digits and . _ ~ -');
      options.token = value;
      return;
    case '--lines':
      options.initialLines = integerArg(flag, value, 0, MAX_INITIAL_LINES);
      return;
    case '--poll':
      options.pollIntervalMs = integerArg(flag, value, 1, MAX_POLL_MS);
      return;
    case '--hold':
      options.holdLines = integerArg(flag, value, 1, MAX_HOLD_LINES);
      return;
    case '--max-sources':
      options.maxSources = integerArg(flag, value, 1, MAX_MAX_SOURCES);
      return;
  }
}

