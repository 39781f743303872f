/**
 * A second launch (`tailstream other.log` while Tailstream runs) hands its files to the running
 * instance through the single-instance lock and exits. Pure: the second instance encodes what it
 * was asked to open; the first validates it (another process's data is input like any other).
 */
import path from 'node:path';
import { MAX_PATH_LENGTH, MAX_PATHS_PER_CALL } from '../ipc/validate.js';
import { parseFileArgs, type ArgvContext } from './argv.js';

/** What a second launch sends to the running instance. */
export interface LaunchRequest {
  paths: string[];
}

/** The `additionalData` of `app.requestSingleInstanceLock`: the files this launch was asked to open. */
export function encodeLaunchRequest(argv: readonly string[], context: ArgvContext): LaunchRequest {
  return { paths: parseFileArgs(argv, context).slice(0, MAX_PATHS_PER_CALL) };
}

/**
 * The files a second launch asks to open: its `additionalData` when that is well formed (Chromium
 * may reorder the raw argv on Windows), else its argv parsed against its working directory.
 */
export function readLaunchRequest(additionalData: unknown, argv: readonly string[], context: ArgvContext): string[] {
  if (typeof additionalData === 'object' && additionalData !== null && Array.isArray((additionalData as LaunchRequest).paths)) {
    const paths = (additionalData as LaunchRequest).paths.filter(
      (p): p is string => typeof p === 'string' && p.length <= MAX_PATH_LENGTH && !p.includes('\0') && path.isAbsolute(p),
    );
    return [...new Set(paths)].slice(0, MAX_PATHS_PER_CALL);
  }
  return parseFileArgs(argv, context).slice(0, MAX_PATHS_PER_CALL);
}
