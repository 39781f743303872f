import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { promisify } from 'node:util';

/** GNU tail, the reference for `tail -F` behaviour. */
export const GNU_TAIL = '/usr/bin/tail';

const execFileAsync = promisify(execFile);

/** Splits raw tail output into complete lines the way the wire contract decodes them. */
function completeLines(bytes: Buffer, includePartial: boolean): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl !== -1; nl = bytes.indexOf(0x0a, start)) {
    const end = nl > start && bytes[nl - 1] === 0x0d ? nl - 1 : nl;
    lines.push(bytes.toString('utf8', start, end));
    start = nl + 1;
  }
  if (includePartial && start < bytes.length) lines.push(bytes.toString('utf8', start));
  return lines;
}

/** `tail -n N FILE`: the last N lines of a file, as GNU tail prints them. */
export async function gnuTailLastLines(path: string, count: number): Promise<string[]> {
  const { stdout } = await execFileAsync(GNU_TAIL, ['-n', String(count), path], { encoding: 'buffer', maxBuffer: 1 << 30 });
  return completeLines(stdout, true);
}

/** A running `tail -F -n N FILE`, collecting what it prints. */
export class GnuTailFollower {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly chunks: Buffer[] = [];
  /** What tail printed on stderr (its own notices: "has been replaced", "has appeared" ...). */
  stderr = '';

  constructor(path: string, initialLines: number) {
    // ---disable-inotify is not used: the reference is tail -F as people run it.
    this.child = spawn(GNU_TAIL, ['-F', '-n', String(initialLines), path], { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
  }

  /** The complete lines printed so far. */
  lines(): string[] {
    return completeLines(Buffer.concat(this.chunks), false);
  }

  /** Stops tail. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill();
    await exited;
  }
}
