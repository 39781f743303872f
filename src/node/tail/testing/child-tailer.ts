import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { FollowMode } from './tail-harness.js';
import { RecordingSink, type SinkEvent } from '../../testing/recording-sink.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./tailer-child.ts', import.meta.url));

/**
 * Bundles the child script (with the tail engine) into one plain JavaScript file in `dir`, and
 * returns its path. The child may run as another user, who may not be able to reach the checkout
 * (a clone in a private temporary folder) or its node_modules: it needs only this file.
 */
export async function bundleChildTailer(dir: string): Promise<string> {
  const outfile = path.join(dir, 'tailer-child.mjs');
  await build({ entryPoints: [CHILD_SCRIPT], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'error' });
  return outfile;
}

/** The unprivileged user the permission tests run the engine as when the tests run as root. */
export const NOBODY = { uid: 65534, gid: 65534 };

/**
 * A file tailer running in a child process (optionally as another user), its sink calls
 * replayed into a {@link RecordingSink} in this process.
 */
export class ChildTailer {
  readonly sink = new RecordingSink();
  private readonly child: ChildProcess;
  stderr = '';

  /** Runs `script` (from {@link bundleChildTailer}) on `file`. */
  constructor(script: string, file: string, initialLines: number, mode: FollowMode, user?: { uid: number; gid: number }) {
    const args = [script, file, String(initialLines)];
    if (mode.pollIntervalMs !== undefined) args.push(String(mode.pollIntervalMs));
    this.child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], ...user });
    let buffered = '';
    this.child.stdout?.setEncoding('utf8').on('data', (data: string) => {
      buffered += data;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) !== -1) {
        this.replay(JSON.parse(buffered.slice(0, nl)) as SinkEvent);
        buffered = buffered.slice(nl + 1);
      }
    });
    this.child.stderr?.setEncoding('utf8').on('data', (data: string) => {
      this.stderr += data;
    });
  }

  /** Stops the child's tailer (by closing its stdin) and waits for it to exit. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill(), 5000);
    await exited;
    clearTimeout(timer);
  }

  private replay(event: SinkEvent): void {
    if (event.type === 'lines') this.sink.pushLines(event.lines);
    else if (event.type === 'state') this.sink.setState(event.state, event.message);
    else this.sink.notice(event.kind, event.message);
  }
}
