/**
 * A process's resources, read from Linux's /proc: CPU time and resident memory (so that a
 * benchmark's figures are the server's own, not the harness's), and open descriptors and inotify
 * watches (so that a reliability test sees a leak however it happens: a socket, a file handle,
 * an fs.watch left behind). One home for the benchmarks and the tests.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on every usual Linux). */
const CLOCK_TICKS = readClockTicks();

/** How often {@link RssSampler} looks at the resident set, in ms. */
export const RSS_SAMPLE_MS = 50;

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** User plus system CPU seconds `pid` has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  return (user + system) / CLOCK_TICKS;
}

/** Samples a process's resident set every {@link RSS_SAMPLE_MS} and keeps the highest. */
export class RssSampler {
  peak: number;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.peak = rssBytes(pid);
    this.timer = setInterval(() => this.sample(), RSS_SAMPLE_MS);
  }

  /** Takes a last sample, stops, and returns the peak in bytes. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }

  private sample(): void {
    try {
      this.peak = Math.max(this.peak, rssBytes(this.pid));
    } catch {
      // The process is gone; the peak so far stands.
    }
  }
}

/** Resident set size of process `pid`, in bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (match === null) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** What a process holds open, by kind. */
export interface DescriptorCounts {
  /** Every open descriptor. */
  total: number;
  sockets: number;
  /** Regular files, pipes and everything that is neither a socket nor an inotify instance. */
  other: number;
  /** inotify instances (libuv keeps one per event loop). */
  inotifyInstances: number;
  /** Watches across every inotify instance: one per fs.watch'ed path. */
  inotifyWatches: number;
}

/** Counts the descriptors of process `pid` from /proc/PID/fd and /proc/PID/fdinfo. */
export function descriptorCounts(pid: number): DescriptorCounts {
  const counts: DescriptorCounts = { total: 0, sockets: 0, other: 0, inotifyInstances: 0, inotifyWatches: 0 };
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed between the listing and the look
    }
    counts.total++;
    if (target.startsWith('socket:')) counts.sockets++;
    else if (target === 'anon_inode:inotify') {
      counts.inotifyInstances++;
      try {
        const info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
        counts.inotifyWatches += info.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
      } catch {
        // closed meanwhile
      }
    } else counts.other++;
  }
  return counts;
}

/** What process `pid` holds open under `folder`: descriptor targets and inotify-watched inodes. */
export interface HeldUnder {
  /** Paths of open descriptors inside `folder` (or `folder` itself). */
  paths: string[];
  /** inotify watches on `folder` or on any of `inodes` (the inodes of what lies in it). */
  watches: number;
}

/**
 * Finds what `pid` still holds of `folder`: open descriptors whose target lies in it, and inotify
 * watches on any of `inodes` (the inodes of the folder and its files, taken before they may go).
 * Precise where counting is not: watches on one path are shared, so a leaked fs.watch on a path
 * another source also watches does not change the count, but it does hold the inode.
 */
export function heldUnder(pid: number, folder: string, inodes: readonly number[]): HeldUnder {
  const wanted = new Set(inodes.map((inode) => inode.toString(16)));
  const held: HeldUnder = { paths: [], watches: 0 };
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    if (target === folder || target.startsWith(`${folder}/`)) held.paths.push(target);
    if (target !== 'anon_inode:inotify') continue;
    try {
      for (const match of readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8').matchAll(/^inotify wd:\d+ ino:([0-9a-f]+) /gm)) {
        if (wanted.has(match[1] as string)) held.watches++;
      }
    } catch {
      // closed meanwhile
    }
  }
  return held;
}

/** `bytes` as MiB with one decimal, for messages. */
export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
