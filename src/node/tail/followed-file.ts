import { fstatSync, readSync, type BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

/**
 * Bytes at the start of a file kept as its fingerprint. 512: enough that a file truncated and
 * at once rewritten (longer than before) almost surely starts differently, cheap to re-read on
 * every change. Size alone cannot see that case (GNU tail misses it).
 */
export const FINGERPRINT_BYTES = 512;

/** What makes a file itself, whatever its name: device and inode. */
export interface FileIdentity {
  dev: bigint;
  ino: bigint;
}

/**
 * What a check before reading found: `truncated` (shorter than what was read) and `rewritten`
 * (its first bytes changed) send reading back to the start; `cut` is a file that lost bytes since
 * the last look without going below what was read (shorter than at the last look, or empty again
 * with a new modification time): nothing to read again, and nothing to tell alone, but a sign of
 * a file rewritten faster than it is looked at.
 */
export type RewindKind = 'truncated' | 'rewritten' | 'cut';

/**
 * One open file being followed: its descriptor, identity (device + inode), read position and the
 * fingerprint of its first bytes. Positions are plain numbers, exact up to 2^53 bytes.
 *
 * The small calls made on every change (the check before reading, the first read of up to 64 KiB,
 * the link count) are synchronous system calls on the descriptor; only big reads go through
 * libuv's thread pool, where they overlap the splitting of the chunk before. Why: on a local file
 * an `fstat` or a read of a few lines from the page cache takes a few microseconds, and its hop to
 * the thread pool and back about ten times that (measured on 2 cores: 140-160 us of CPU for the
 * four calls of one change through fs/promises, 13-17 us synchronous). With fifty busy files that
 * hop was a fifth of the server's CPU, and the files of one tick waited for each other's. A file
 * system that hangs (a network mount gone) hangs these calls, but it would hang them in the thread
 * pool too, whose four threads then stop every other file's reads as well.
 */
export class FollowedFile {
  readonly handle: FileHandle;
  readonly dev: bigint;
  readonly ino: bigint;
  /** Where the path really led when opened (symlinks resolved), when it differs from the path. */
  readonly realPath: string | undefined;
  /** Next byte to read. */
  position: number;
  private readonly fingerprint = Buffer.alloc(FINGERPRINT_BYTES);
  /** Where the first bytes are read again on each change, to compare with the fingerprint. */
  private readonly probe = Buffer.alloc(FINGERPRINT_BYTES);
  private fingerprintLength = 0;
  private fingerprintPending = false;
  /** Just opened: the stats taken at open are fresh, the first check before reading can be skipped. */
  private fresh = true;
  private lastSize: number;
  private lastMtimeNs: bigint;
  private closed = false;

  constructor(handle: FileHandle, stats: BigIntStats, realPath: string | undefined) {
    this.handle = handle;
    this.dev = stats.dev;
    this.ino = stats.ino;
    this.realPath = realPath;
    this.position = 0;
    this.lastSize = Number(stats.size);
    this.lastMtimeNs = stats.mtimeNs;
  }

  /** True when `stats` describe this very file (same device and inode). */
  isSameFile(stats: FileIdentity): boolean {
    return stats.dev === this.dev && stats.ino === this.ino;
  }

  /**
   * Sets where reading starts. The fingerprint fills itself from reads that start at 0; from
   * anywhere else, {@link captureFingerprint} reads it once the first lines are out.
   */
  begin(position: number): void {
    this.position = position;
    this.fingerprintLength = 0;
    this.fingerprintPending = position > 0;
  }

  /** True until the fingerprint of a file opened mid-way has been read. */
  get needsFingerprint(): boolean {
    return this.fingerprintPending;
  }

  /** Bytes known to be waiting past the read position (from the last stat). */
  get backlog(): number {
    return Math.max(0, this.lastSize - this.position);
  }

  /** Reads the first bytes of the file as its fingerprint. */
  captureFingerprint(): void {
    this.fingerprintPending = false;
    this.fingerprintLength = readSync(this.handle.fd, this.fingerprint, 0, FINGERPRINT_BYTES, 0);
  }

  /**
   * Before reading on: was the file truncated (shorter than what was read), or truncated and
   * rewritten (its first bytes changed)? Either way the position goes back to 0. Or was it cut
   * since the last look without losing what was read (`cut`: the position stays)?
   */
  checkRewind(): RewindKind | undefined {
    if (this.fresh) {
      this.fresh = false;
      return undefined;
    }
    const stats = fstatSync(this.handle.fd, { bigint: true });
    const size = Number(stats.size);
    // A file whose size stays 0 although it was read (/proc, /sys) makes its content up on each
    // read: it cannot be truncated or rewritten, and was read once. (A real file that was empty
    // when opened has its true size by the next check, so its truncation is still seen.)
    if (size === 0 && this.lastSize === 0 && this.position > 0) return undefined;
    const changed = size !== this.lastSize || stats.mtimeNs !== this.lastMtimeNs;
    // Bytes cannot leave a file by writing: shorter than at the last look, or still empty though
    // written to since, means it was truncated in between (perhaps more than once).
    const cut = size < this.lastSize || (size === 0 && stats.mtimeNs !== this.lastMtimeNs);
    this.lastSize = size;
    this.lastMtimeNs = stats.mtimeNs;
    if (size < this.position) {
      this.rewind();
      return 'truncated';
    }
    if (!changed) return undefined;
    if (this.fingerprintLength > 0) {
      const bytesRead = readSync(this.handle.fd, this.probe, 0, this.fingerprintLength, 0);
      if (bytesRead !== this.fingerprintLength || !this.probe.subarray(0, bytesRead).equals(this.fingerprint.subarray(0, bytesRead))) {
        this.rewind();
        return 'rewritten';
      }
    }
    return cut ? 'cut' : undefined;
  }

  /**
   * Reads the next bytes into `buffer` (from its start) in the thread pool, and moves on; 0 at the
   * end for now. For big reads, which overlap other work.
   */
  async read(buffer: Buffer): Promise<number> {
    const at = this.position;
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, at);
    return this.advance(buffer, at, bytesRead);
  }

  /** {@link read} as a synchronous call, for the small first read of a change (see the class comment). */
  readNow(buffer: Buffer): number {
    const at = this.position;
    return this.advance(buffer, at, readSync(this.handle.fd, buffer, 0, buffer.length, at));
  }

  /** How many names the file has now: 0 once it was deleted. */
  linkCount(): number {
    return Number(fstatSync(this.handle.fd, { bigint: true }).nlink);
  }

  /** Closes the descriptor. Idempotent; never throws. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => {});
  }

  private advance(buffer: Buffer, at: number, bytesRead: number): number {
    if (bytesRead > 0) {
      this.extendFingerprint(buffer, at, bytesRead);
      this.position = at + bytesRead;
    }
    return bytesRead;
  }

  private rewind(): void {
    this.position = 0;
    this.fingerprintLength = 0;
  }

  /** Records bytes read at `at` that fall inside the fingerprint and extend it. */
  private extendFingerprint(buffer: Buffer, at: number, length: number): void {
    const have = this.fingerprintLength;
    if (have >= FINGERPRINT_BYTES || at > have || at + length <= have) return;
    const end = Math.min(FINGERPRINT_BYTES, at + length);
    buffer.copy(this.fingerprint, have, have - at, end - at);
    this.fingerprintLength = end;
  }
}
