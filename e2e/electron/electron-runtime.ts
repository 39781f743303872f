/**
 * Finds Electron's runtime for the desktop smoke test, or says why there is none.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Set to `1` (the release workflow does) to turn a missing runtime into a failure, not a skip. */
export const REQUIRE_ELECTRON_ENV = 'TAILSTREAM_REQUIRE_ELECTRON';

/** The Electron executable installed in `root`/node_modules/electron, or why it is missing. */
export function locateElectron(root: string): { executablePath: string } | { skipReason: string } {
  const electronDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      skipReason:
        "Electron's runtime is not installed (node_modules/electron/path.txt is missing: its download host is unreachable " +
        'from this machine). The desktop smoke test runs in .github/workflows/release.yml.',
    };
  }
  const executable = readFileSync(pathFile, 'utf8').trim();
  const executablePath = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(electronDir, 'dist'), executable);
  if (!existsSync(executablePath)) {
    return { skipReason: `Electron's runtime is incomplete: ${executablePath} is missing. Reinstall with network access.` };
  }
  return { executablePath };
}
