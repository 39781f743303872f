import { PUBLISH_DEFAULT_LINES } from '../node/publish/publish-constants.js';
import { defaultStateDir } from '../node/publish/publish-state.js';
import { integerArg, tokenizeArgs, type ArgGrammar } from './arg-tokens.js';
import { UsageError } from './usage-error.js';

/** What `tailstream publish` was asked to do. */
export interface PublishOptions {
  file: string;
  url: string;
  /** `--header "Name: value"`, in the order given (a later one of the same name wins). */
  headers: Record<string, string>;
  stateDir: string;
  initialLines: number;
  pollIntervalMs?: number;
}

/** The parsed `tailstream publish ...` command line. */
export type PublishCommand = { command: 'publish-help' } | { command: 'publish'; options: PublishOptions };

/** The `tailstream publish --help` text. */
export const PUBLISH_USAGE = `Usage: tailstream publish FILE --to URL [--header "Name: value" ...] [--state DIR]
                          [--lines N] [--poll MS]

Follows FILE like tail -F and POSTs its lines, in order and in batches, to an SSE hub's
publisher URL (nginx with nchan, say), so that any number of viewers can read them from the
hub with \`tailstream serve --remote SUBSCRIBER-URL\` or the desktop app. A restart goes on
where it stopped: no line lost, none repeated to readers. See docs/TEAM.md.

Options:
  FILE               the file to follow by name (it may not exist yet)
  --to URL           the hub's publisher URL (required), e.g. https://hub:8443/pub/web1
  --header "N: V"    a request header for the hub's auth (repeatable; values are never printed)
  --state DIR        where the epoch and position are kept (default ${defaultStateDir()})
  --lines N          lines of the file's existing content to publish on a first start (default 0)
  --poll MS          follow the file by polling every MS milliseconds instead of change events
  --help             show this help

While the hub is down it retries with backoff, holding up to 64 MiB; past that it drops the
oldest lines and publishes a gap event for them. State changes go to stderr. SIGINT or SIGTERM
publishes what was read, saves the position and exits 0.
`;

/** Largest `--lines`: ten million lines. */
const MAX_INITIAL_LINES = 10_000_000;
/** Largest `--poll`: one hour, in ms. */
const MAX_POLL_MS = 3_600_000;

/** The flags of `tailstream publish`. */
const PUBLISH_GRAMMAR: ArgGrammar = {
  valueFlags: new Set(['--to', '--header', '--state', '--lines', '--poll']),
  switches: new Set(),
  help: 'tailstream publish --help',
};

/** Parses the arguments after `publish`. Throws `UsageError` for bad usage. */
export function parsePublishArgs(args: readonly string[]): PublishCommand {
  if (args.includes('--help') || args.includes('-h')) return { command: 'publish-help' };
  const files: string[] = [];
  let url: string | undefined;
  const headers: Record<string, string> = {};
  let stateDir: string | undefined;
  let initialLines = PUBLISH_DEFAULT_LINES;
  let pollIntervalMs: number | undefined;
  for (const token of tokenizeArgs(args, PUBLISH_GRAMMAR)) {
    if (token.kind === 'file') {
      files.push(token.path);
      continue;
    }
    if (token.kind !== 'value') continue;
    const { flag, value } = token;
    switch (flag) {
      case '--to':
        if (!/^https?:\/\//i.test(value)) throw new UsageError('--to needs an absolute http(s) URL: the hub\'s publisher location');
        url = value;
        break;
      case '--header': {
        const colon = value.indexOf(':');
        const name = colon < 0 ? '' : value.slice(0, colon).trim();
        // Only the name goes into the message: the value is a secret.
        if (name === '' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
          throw new UsageError('--header needs "Name: value" with a valid header name');
        }
        headers[name] = value.slice(colon + 1).trim();
        break;
      }
      case '--state':
        if (value === '') throw new UsageError('--state needs a directory');
        stateDir = value;
        break;
      case '--lines':
        initialLines = integerArg(flag, value, 0, MAX_INITIAL_LINES);
        break;
      case '--poll':
        pollIntervalMs = integerArg(flag, value, 1, MAX_POLL_MS);
        break;
    }
  }
  if (files.length === 0) throw new UsageError('missing FILE: try `tailstream publish FILE --to URL` (see tailstream publish --help)');
  if (files.length > 1) throw new UsageError('publish follows one FILE; start one publisher per file');
  if (url === undefined) throw new UsageError('missing --to URL: the hub\'s publisher URL (see tailstream publish --help)');
  return {
    command: 'publish',
    options: {
      file: files[0] as string,
      url,
      headers,
      stateDir: stateDir ?? defaultStateDir(),
      initialLines,
      ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
    },
  };
}

