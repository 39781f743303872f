/**
 * The machine a benchmark ran on, as the top of docs/BENCHMARKS.md shows it: absolute numbers
 * mean little without it. Everything is read locally (os, /etc/os-release, the binaries'
 * `--version`), nothing from the network.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** What the report says about the machine and the moment. */
export interface MachineDescription {
  cpuModel: string;
  /** Logical CPUs Node may use. */
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  chromium: string;
  gnuTail: string;
  /** 1, 5 and 15 minute load averages when the run started (other work on the machine shows here). */
  loadAverage: [number, number, number];
  /** The project's commit and whether the work tree had changes (read without touching the index). */
  commit: string;
}

/** Longest wait for a `--version` answer, in ms (Chromium's wrapper script can be slow to start). */
const VERSION_TIMEOUT_MS = 15_000;

/** Describes this machine now. */
export async function describeMachine(root: string): Promise<MachineDescription> {
  const cpus = os.cpus();
  const [osName, chromium, gnuTail, commit] = await Promise.all([
    readOsName(),
    firstLine(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version']),
    firstLine('tail', ['--version']),
    describeCommit(root),
  ]);
  const load = os.loadavg();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: os.totalmem() / 2 ** 30,
    os: osName,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium,
    gnuTail,
    loadAverage: [load[0] ?? NaN, load[1] ?? NaN, load[2] ?? NaN],
    commit,
  };
}

/** The current 1, 5 and 15 minute load averages. */
export function loadAverage(): [number, number, number] {
  const load = os.loadavg();
  return [load[0] ?? NaN, load[1] ?? NaN, load[2] ?? NaN];
}

async function readOsName(): Promise<string> {
  try {
    const text = await readFile('/etc/os-release', 'utf8');
    const match = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(text);
    if (match?.[1]) return match[1];
  } catch {
    // Not Linux, or no os-release: fall back to what Node knows.
  }
  return `${os.type()} ${os.release()}`;
}

/** First line of a command's stdout, or `not found (...)` when it cannot run. */
function firstLine(command: string, args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: VERSION_TIMEOUT_MS, cwd }, (error, stdout) => {
      const line = String(stdout).split('\n')[0]?.trim() ?? '';
      if (line !== '') resolve(line);
      else resolve(`not found (${error?.message.split('\n')[0] ?? 'no output'})`);
    });
  });
}

async function describeCommit(root: string): Promise<string> {
  const head = await firstLine('git', ['rev-parse', '--short=12', 'HEAD'], root);
  if (head.startsWith('not found')) return 'not a git checkout';
  // --no-optional-locks: `status` must not refresh (write) the index of a tree others work in.
  const changes = await new Promise<string>((resolve) => {
    execFile('git', ['--no-optional-locks', 'status', '--porcelain'], { cwd: root, timeout: VERSION_TIMEOUT_MS }, (_error, stdout) =>
      resolve(String(stdout)),
    );
  });
  return changes.trim() === '' ? head : `${head} (plus uncommitted or untracked changes)`;
}
