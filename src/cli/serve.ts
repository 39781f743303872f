import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SourceInfo } from '../shared/contract.js';
import { startTailstreamServer, type TailstreamServer } from '../node/tailstream-server.js';
import { openBrowser } from './open-browser.js';
import { watchParent } from './parent-watch.js';
import type { ServeOptions } from './parse-args.js';
import { printable } from './printable.js';

/**
 * How long, in ms, shutdown may take before the process exits anyway: 5 s. Closing is quick;
 * this only guards against a producer that never finishes stopping.
 */
export const SHUTDOWN_TIMEOUT_MS = 5000;

/** Where the CLI writes: stdout carries only the ready line, everything else goes to stderr. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** What the CLI knows of its surroundings. */
export interface ServeEnvironment {
  /** The console's build folder (dist/renderer). */
  staticDir: string;
  version: string;
}

/**
 * Runs `tailstream serve`: starts the server with the named sources (files may be opened over
 * HTTP only if named here), prints the ready line, logs source states to stderr, and shuts
 * down cleanly on SIGINT/SIGTERM with status 0.
 */
export async function runServe(options: ServeOptions, env: ServeEnvironment, out: CliOutput): Promise<TailstreamServer> {
  if (!existsSync(path.join(env.staticDir, 'index.html'))) {
    out.stderr(`tailstream: warning: the console is not built (${env.staticDir}); run \`npm run build\`. The API works without it.\n`);
  }
  if (options.token !== undefined && options.token.length < 22) {
    out.stderr('tailstream: warning: the --token given is short (under 128 bits); anyone who can guess it can read the logs.\n');
  }
  const files = options.sources.flatMap((source) => (source.kind === 'file' ? [path.resolve(source.path)] : []));
  const allowed = new Set(files);
  const server = await startTailstreamServer({
    host: options.host,
    port: options.port,
    staticDir: env.staticDir,
    version: env.version,
    filePolicy: (file) => allowed.has(file),
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.initialLines !== undefined ? { initialLines: options.initialLines } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.holdLines !== undefined ? { ring: { maxLines: options.holdLines } } : {}),
    ...(options.maxSources !== undefined ? { maxSources: options.maxSources } : {}),
    ...(options.noFollowSymlinks === true ? { followSymlinks: false } : {}),
  });
  // Watchers also hear a file's indexing progress: print a source only when what is printed changes.
  const printed = new Map<string, string>();
  server.hub.watch((info) => {
    const line = describe(info);
    if (printed.get(info.id) === line) return;
    if (info.state === 'closed') printed.delete(info.id);
    else printed.set(info.id, line);
    out.stderr(line);
  });
  for (const source of options.sources) {
    if (source.kind === 'file') server.sources.addFile(path.resolve(source.path), source.encoding);
    else server.sources.addRemote(source.url);
  }
  // Before the ready line: whoever reads it may signal at once (the parent watch takes its baseline now).
  handleSignals(server, out);
  const url = `${server.url}/?token=${server.token}`;
  out.stdout(`Tailstream listening on ${url}\n`);
  if (options.open) openBrowser(url, (message) => out.stderr(`tailstream: ${message}\n`));
  return server;
}

/** One stderr line for a source's change of state. */
function describe(info: SourceInfo): string {
  const message = info.message === undefined ? '' : ` (${printable(info.message)})`;
  const encoding = info.encoding === undefined || info.encoding === 'utf-8' ? '' : ` in ${info.encoding}`;
  return `tailstream: ${info.kind} ${printable(info.target)}${encoding} [${info.id}]: ${info.state}${message}\n`;
}

/** Whether npm started this process (it sets `npm_command` for `exec` and `run`, `npm_lifecycle_event` for scripts). */
export function startedByNpm(env: NodeJS.ProcessEnv): boolean {
  return env.npm_command !== undefined || env.npm_lifecycle_event !== undefined;
}

function handleSignals(server: TailstreamServer, out: CliOutput): void {
  let stopping = false;
  const stop = (why: string): void => {
    if (stopping) return;
    stopping = true;
    out.stderr(`tailstream: ${why}: closing every stream and source\n`);
    const timer = setTimeout(() => {
      out.stderr('tailstream: shutdown took too long; exiting anyway\n');
      process.exit(0);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        out.stderr(`tailstream: error while closing: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(0);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // npm runs the command through `sh -c`, and a signal sent to npm's pid alone never reaches
  // this process: the shell dies of SIGTERM and holds SIGINT (see watchParent).
  if (startedByNpm(process.env)) {
    watchParent((end) =>
      stop(
        end.kind === 'gone'
          ? `the process that started it (npm's shell, pid ${end.pid}) is gone`
          : `npm's shell (pid ${end.pid}) was interrupted (SIGINT)`,
      ),
    );
  }
}
