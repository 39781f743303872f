import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the build puts the worker bundle, from the package's root. */
const WORKER_BUNDLE = path.join('dist', 'workers', 'file-worker.mjs');

/** Environment variable naming another worker bundle (tests build their own; packagers may move it). */
export const FILE_WORKER_ENV = 'TAILSTREAM_FILE_WORKER';

/**
 * Node flags of the worker threads: none. By default a worker inherits the process's flags, and
 * with them any module loader the process was started with (tsx, a test runner's), which would
 * load into every worker and cost hundreds of ms a search; the bundle is plain JavaScript.
 */
export const WORKER_EXEC_ARGV: string[] = [];

/** How many folders up the search goes from each starting point. */
const MAX_LEVELS = 6;

/**
 * The script the index and search worker threads run: `$TAILSTREAM_FILE_WORKER` when set, else
 * `dist/workers/file-worker.mjs` of the package that holds the running entry script (or the
 * working folder). The core is bundled both as ESM and CommonJS, so it cannot rely on
 * `import.meta.url`. Throws, with what to do, when no bundle is found.
 */
export function fileWorkerScript(): string {
  const fromEnv = process.env[FILE_WORKER_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  for (const start of [process.argv[1], process.cwd()]) {
    if (start === undefined || start === '') continue;
    let dir = path.resolve(start);
    for (let level = 0; level < MAX_LEVELS; level++) {
      const candidate = path.join(dir, WORKER_BUNDLE);
      if (existsSync(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(`The file index worker (${WORKER_BUNDLE}) was not found; run \`node scripts/build.mjs\`.`);
}
