import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Name in the package.json that is Tailstream's own. */
const PACKAGE_NAME = 'tailstream';

/** How many folders up the search goes from each starting point. */
const MAX_LEVELS = 6;

/**
 * Tailstream's version, read from its package.json, found by walking up from each of `starts`
 * (folders or files). The core is bundled both as ESM (the CLI) and CommonJS (Electron's main),
 * so it cannot rely on `import.meta.url`: callers that know where they are pass it, and the
 * entry script and the working folder are tried after them. `0.0.0` when none is found.
 */
export function findPackageVersion(starts: readonly (string | undefined)[] = []): string {
  const candidates = [...starts, process.argv[1], process.cwd()];
  for (const start of candidates) {
    if (start === undefined || start === '') continue;
    let dir = path.resolve(start);
    for (let level = 0; level < MAX_LEVELS; level++) {
      const version = readVersion(path.join(dir, 'package.json'));
      if (version !== undefined) return version;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return '0.0.0';
}

function readVersion(file: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
    return pkg.name === PACKAGE_NAME && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
