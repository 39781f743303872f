import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * How often, in ms, a server started by npm (`npx tailstream`, `npm exec`, `npm run`) looks at
 * the process that started it: 500 ms. Stopping then takes at most about two of these (a wake-up
 * of the shell is confirmed on the next look), well under a service manager's patience.
 */
export const PARENT_CHECK_INTERVAL_MS = 500;

/**
 * Shells whose wake-ups are read as a held SIGINT (by the name the kernel gives the process).
 * npm runs every command as `sh -c COMMAND`; bash runs a lone command in place of itself, dash
 * (Debian's and Ubuntu's `/bin/sh`) forks it and waits. Others are listed for systems whose
 * `sh` is one of them.
 */
const SHELL_NAMES = new Set(['sh', 'dash', 'bash', 'ash', 'busybox', 'ksh', 'mksh', 'zsh']);

/** SIGINT's bit in the signal masks of /proc/PID/status (signal 2 is bit 1). */
const SIGINT_MASK_BIT = 1n << 1n;

/**
 * A look that comes this much later than planned, in ms, or after the machine slept this long, is
 * not read as a SIGINT: 1,000. Suspending the machine (or freezing the service's cgroup) wakes
 * every sleeping process, the waiting shell included, so its count moves although nobody
 * interrupted it; a look that finds the clocks jumped takes the count as its new baseline.
 */
export const CLOCK_JUMP_MS = 1000;

/**
 * Whether the time since the last look shows that this process (and so the shell) was stopped,
 * frozen or asleep with the machine: the monotonic clock moved much more than the interval
 * (frozen, or starved), or the boot clock, which counts suspended time, moved much more than the
 * monotonic one (suspended).
 */
export function clocksJumped(monotonicMs: number, bootMs: number, intervalMs: number): boolean {
  return monotonicMs - intervalMs > CLOCK_JUMP_MS || bootMs - monotonicMs > CLOCK_JUMP_MS;
}

/** What watching the parent can end with. */
export type ParentEnd =
  | { kind: 'gone'; pid: number }
  | { kind: 'interrupted'; pid: number };

/**
 * Watches the process that started this one, when npm started it, and calls `onEnd` once when
 * it should stop as if it had received SIGTERM or SIGINT itself:
 *
 * - **The parent is gone** (this process was re-parented). SIGTERM to npm's pid is forwarded
 *   to npm's `sh -c`, which dies of it without passing it on.
 * - **The parent shell was interrupted.** SIGINT to npm's pid is forwarded to the shell too, but
 *   a non-interactive shell that waits for a command catches SIGINT and holds it until the
 *   command ends (POSIX "wait and cooperative exit"; dash does this): the server never hears
 *   it. No other process can see a signal another one caught, but a shell that waits does
 *   nothing else: it sleeps in `wait4` until one of its children changes state or a signal it
 *   catches arrives. It catches only SIGINT and SIGCHLD, its only child is this process (a
 *   shell with other children, a pipeline or a job, is not read at all: their ends wake it too),
 *   and any other signal either kills it or is dropped without waking it. So when its count of context
 *   switches (/proc/PID/status) moves while this process was neither stopped nor continued (that
 *   sends the shell SIGCHLD, and this process SIGCONT), the shell caught a SIGINT. A move
 *   across a jump of the clocks (a suspended machine, a frozen cgroup) is not counted: the
 *   freezer wakes every process (see {@link clocksJumped}).
 *
 * Linux only for the second (it needs /proc); elsewhere, and when the parent is not a waiting
 * shell that catches SIGINT, only the first applies. Returns a function that stops watching.
 */
export function watchParent(onEnd: (end: ParentEnd) => void, intervalMs: number = PARENT_CHECK_INTERVAL_MS): () => void {
  const parent = process.ppid;
  const shell = describeWaitingShell(parent);
  let baseline = shell !== undefined && !hasOtherChildren(parent) ? shell.wakeUps : undefined;
  let continued = false;
  let suspect = false;
  const onContinue = (): void => {
    continued = true;
  };
  process.on('SIGCONT', onContinue);
  let lastMonotonic = performance.now();
  let lastBoot = readBootMs();
  const timer = setInterval(() => {
    if (process.ppid !== parent) return end({ kind: 'gone', pid: parent });
    if (baseline === undefined) return;
    const now = readWakeUps(parent);
    if (now === undefined) return end({ kind: 'gone', pid: parent });
    const monotonic = performance.now();
    const boot = readBootMs();
    const jumped = clocksJumped(monotonic - lastMonotonic, boot === undefined || lastBoot === undefined ? monotonic - lastMonotonic : boot - lastBoot, intervalMs);
    lastMonotonic = monotonic;
    lastBoot = boot;
    if (jumped) {
      suspect = false;
      baseline = now;
      return;
    }
    if (hasOtherChildren(parent)) {
      // Not npm's `sh -c COMMAND`: the shell runs more (a pipeline, a job), whose ends wake it too.
      baseline = undefined;
      return;
    }
    if (continued) {
      // This process was stopped and continued (Ctrl+Z, `fg`): the shell's wake-ups are its SIGCHLDs.
      continued = false;
      suspect = false;
      baseline = now;
      return;
    }
    if (now === baseline) return;
    // Wait one more look: a SIGCONT that came with this wake-up may not have been heard yet.
    if (!suspect) {
      suspect = true;
      return;
    }
    end({ kind: 'interrupted', pid: parent });
  }, intervalMs);
  timer.unref();
  const close = (): void => {
    clearInterval(timer);
    process.off('SIGCONT', onContinue);
  };
  const end = (what: ParentEnd): void => {
    close();
    onEnd(what);
  };
  return close;
}

/** The parent's wake-up count, when it is a shell that catches SIGINT (and so may hold one); else undefined. */
function describeWaitingShell(pid: number): { wakeUps: number } | undefined {
  if (pid <= 1) return undefined;
  try {
    const name = path.basename(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
    if (!SHELL_NAMES.has(name)) return undefined;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const caught = /^SigCgt:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    if (caught === undefined || (BigInt(`0x${caught}`) & SIGINT_MASK_BIT) === 0n) return undefined;
    const wakeUps = countWakeUps(status);
    return wakeUps === undefined ? undefined : { wakeUps };
  } catch {
    return undefined; // no /proc (not Linux), or the parent already went
  }
}

/**
 * Whether the shell `pid` has a child other than this process (/proc/PID/task/PID/children;
 * false where the kernel does not list children).
 */
function hasOtherChildren(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1')
      .split(' ')
      .some((child) => child !== '' && Number(child) !== process.pid);
  } catch {
    return false;
  }
}

/** Time since boot including suspended time, in ms (/proc/uptime), or undefined without /proc. */
function readBootMs(): number | undefined {
  try {
    return Number(readFileSync('/proc/uptime', 'latin1').split(' ')[0]) * 1000;
  } catch {
    return undefined;
  }
}

/** The parent's context switches so far, or undefined when it is gone. */
function readWakeUps(pid: number): number | undefined {
  try {
    return countWakeUps(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Voluntary plus involuntary context switches, from a /proc/PID/status text. */
function countWakeUps(status: string): number | undefined {
  const voluntary = /^voluntary_ctxt_switches:\s*(\d+)$/m.exec(status)?.[1];
  const involuntary = /^nonvoluntary_ctxt_switches:\s*(\d+)$/m.exec(status)?.[1];
  if (voluntary === undefined || involuntary === undefined) return undefined;
  return Number(voluntary) + Number(involuntary);
}
