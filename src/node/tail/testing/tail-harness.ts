import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceProducer } from '../../source-sink.js';
import { createFileTailer, type FileTailerOptions } from '../file-tailer.js';
import { GnuTailFollower } from './gnu-tail.js';
import { RecordingSink } from '../../testing/recording-sink.js';
import { waitFor } from '../../../shared/testing/wait-for.js';

/** How a test follows files: native change events, or forced polling (`--poll 50`). */
export interface FollowMode {
  mode: 'native' | 'poll';
  pollIntervalMs?: number;
}

/** Every integration test runs once per mode. */
export const FOLLOW_MODES: FollowMode[] = [{ mode: 'native' }, { mode: 'poll', pollIntervalMs: 50 }];

/**
 * Per-test workspace: a fresh temp folder, tailers and GNU tails started in it, all stopped and
 * deleted by {@link TailHarness.cleanup} (call it from afterEach).
 */
export class TailHarness {
  private readonly cleanups: (() => Promise<void>)[] = [];
  dir = '';

  constructor(private readonly mode: FollowMode) {}

  /** Makes the temp folder. */
  async setup(): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'tailstream-tail-'));
  }

  /** A path inside the temp folder. */
  path(...names: string[]): string {
    return join(this.dir, ...names);
  }

  /** Starts the engine on `path` with this harness's mode (and `more` options, such as an encoding). */
  follow(path: string, initialLines: number, more: Partial<FileTailerOptions> = {}): { sink: RecordingSink; tailer: SourceProducer } {
    const sink = new RecordingSink();
    const mode = this.mode.pollIntervalMs === undefined ? { initialLines } : { initialLines, pollIntervalMs: this.mode.pollIntervalMs };
    const options = { ...mode, ...more };
    const tailer = createFileTailer(path, sink, options);
    this.cleanups.push(() => tailer.close());
    tailer.start();
    return { sink, tailer };
  }

  /** Starts GNU `tail -F -n N` on `path`. */
  gnuFollow(path: string, initialLines: number): GnuTailFollower {
    const tail = new GnuTailFollower(path, initialLines);
    this.cleanups.push(() => tail.close());
    return tail;
  }

  /**
   * Starts both on `path` (which holds `seed` lines) and waits until both print them, so both
   * are surely following before the test changes the file.
   */
  async followBoth(path: string, seed: string[]): Promise<{ sink: RecordingSink; gnu: GnuTailFollower }> {
    const { sink } = this.follow(path, seed.length);
    const gnu = this.gnuFollow(path, seed.length);
    await waitFor(() => sink.lines.length >= seed.length && gnu.lines().length >= seed.length, 'both tails to print the seed lines');
    await waitFor(() => sink.state === 'following', 'the engine to follow');
    return { sink, gnu };
  }

  /** Stops everything started and deletes the folder. */
  async cleanup(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup().catch(() => {});
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

/** `count` numbered lines `prefix-1` ... `prefix-count`. */
export function numbered(prefix: string, count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${from + i}`);
}

/** The text of `lines`, each ended by `\n`. */
export function text(lines: string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}
