/**
 * The files named on the command line, of this launch or of a second launch forwarded by the
 * single-instance lock. Pure: Electron's `process.argv` mixes the executable, in development the
 * app's own path, Chromium and Electron switches (`--no-sandbox`, `--inspect=0`, macOS's
 * `-psn_0_123`) and the user's file names; only the last are wanted.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** How the process was started. */
export interface ArgvContext {
  /**
   * True when running under the `electron` binary with an app path (`electron . FILE`,
   * `process.defaultApp`): the first plain argument is the app, not a file.
   */
  defaultApp: boolean;
  /** Directory relative paths are resolved against (the launching shell's). */
  cwd: string;
}

/** `file://` URLs become paths; any other `scheme://` argument (a URL, a protocol launch) is no file. */
const URL_ARGUMENT = /^[a-z][a-z0-9+.-]+:\/\//i;

/**
 * Returns the absolute paths of the files named in `argv` (`process.argv` shape: executable
 * first), in order and without duplicates. Switches are skipped; after `--` every argument is a
 * path, even one that starts with a dash.
 */
export function parseFileArgs(argv: readonly string[], context: ArgvContext): string[] {
  const files: string[] = [];
  let appPathPending = context.defaultApp;
  let switchesEnded = false;
  for (const arg of argv.slice(1)) {
    if (!switchesEnded && arg === '--') {
      switchesEnded = true;
      continue;
    }
    if (!switchesEnded && arg.startsWith('-')) continue;
    if (appPathPending) {
      appPathPending = false;
      continue;
    }
    const file = argumentToPath(arg, context.cwd);
    if (file !== undefined && !files.includes(file)) files.push(file);
  }
  return files;
}

function argumentToPath(arg: string, cwd: string): string | undefined {
  if (arg.trim() === '' || arg.includes('\0')) return undefined;
  if (URL_ARGUMENT.test(arg)) {
    if (!arg.toLowerCase().startsWith('file://')) return undefined;
    try {
      return fileURLToPath(arg);
    } catch {
      return undefined;
    }
  }
  return path.resolve(cwd, arg);
}
