/**
 * Opening a file whose last lines reach further back than the backward scan reads (64 MiB):
 * `truncate -s 2G s.log; printf 'tail-1\ntail-2\n' >> s.log`. The line that ends in `tail-1` is
 * 2 GiB long; before the fix only `tail-2` arrived and nothing said what was left out. Now its last
 * 64 MiB arrive as 1 MiB pieces (the contract's cut) and a `skipped` notice says exactly which
 * bytes of the file were not read. The file is sparse, so the test writes almost nothing.
 */
import { appendFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../src/shared/limits.js';
import { createFileTailer } from '../../src/node/tail/file-tailer.js';
import { TAIL_SCAN_MAX_BYTES } from '../../src/node/tail/tail-start.js';
import { RecordingSink } from '../../src/node/testing/recording-sink.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';

/** Size of the hole in front of the last two lines: 2 GiB. */
const HOLE_BYTES = 2 * 1024 ** 3;

describe('a giant last line on open', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-giant-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers the end of a 2 GiB line in 1 MiB pieces and tells exactly which bytes were skipped', async () => {
    const file = path.join(dir, 's.log');
    await writeFile(file, '');
    await truncate(file, HOLE_BYTES);
    await appendFile(file, 'tail-1\ntail-2\n');
    const size = HOLE_BYTES + 14;
    const sink = new RecordingSink();
    const tailer = createFileTailer(file, sink, { initialLines: 1000 });
    tailer.start();
    try {
      await waitFor(() => sink.lines.at(-1) === 'tail-2', 'tail-2', 60_000);
      const lines = sink.lines;
      expect(lines.at(-2)?.endsWith('tail-1')).toBe(true);
      for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(MAX_LINE_BYTES);
      // Every byte from the first one read to the end arrives, without its line endings.
      const delivered = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
      const start = size - TAIL_SCAN_MAX_BYTES;
      expect(delivered).toBe(size - start - 2);
      const notices = sink.notices;
      expect(notices).toHaveLength(1);
      expect(notices[0]?.kind).toBe('skipped');
      expect(notices[0]?.message).toContain(`the first ${start.toLocaleString('en-US')} bytes`);
      // The notice comes before the lines it explains.
      expect(sink.events.findIndex((event) => event.type === 'notice')).toBeLessThan(sink.events.findIndex((event) => event.type === 'lines'));
    } finally {
      await tailer.close();
    }
  }, 90_000);
});
