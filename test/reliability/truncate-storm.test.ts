/**
 * A tight truncate-and-rewrite loop: another process rewrites the followed file (open with
 * O_TRUNC, write, close) as fast as it can, each time with the same first line and a different
 * rest, so many rewrites cannot be seen for what they are (size and first bytes look like an
 * append) and a read may land in the middle of the next version. Realistic rates are exact (see
 * src/node/tail/file-tailer.rotation.test.ts); this worst case must at least say so in a
 * `notice` rather than deliver torn lines silently. The test stops at the first such notice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileTailer } from '../../src/node/tail/file-tailer.js';
import { FOLLOW_MODES } from '../../src/node/tail/testing/tail-harness.js';
import { RecordingSink } from '../../src/node/testing/recording-sink.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';

/** Rewrites argv[1] forever: a fixed first line, then a counter repeated a varying number of times. */
const WRITER = `
const fs = require('node:fs');
const file = process.argv[1];
for (let i = 0; ; i++) fs.writeFileSync(file, 'header line that never changes\\n' + ('v' + i + ' ').repeat(1 + (i % 50)) + '\\n');
`;

/** Most time to wait for the notice, in ms: generous, the machine is shared. */
const NOTICE_TIMEOUT_MS = 20_000;

// Both modes. With polling, most looks land on the moment between O_TRUNC and the write, when the
// file is empty and nothing was read since the last look: the storm shows as a file that was
// emptied again (its modification time moved) or is shorter than at the last look.
describe.each(FOLLOW_MODES)('a tight truncate-and-rewrite loop ($mode)', (mode) => {
  let dir: string;
  let writer: ChildProcess | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tailstream-storm-'));
  });
  afterAll(async () => {
    writer?.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('says once, in a notice, that lines may be cut, repeated or out of order', async () => {
    const file = path.join(dir, `storm-${mode.mode}.log`);
    await writeFile(file, 'header line that never changes\nstart\n');
    const sink = new RecordingSink();
    const tailer = createFileTailer(file, sink, { initialLines: 10, ...(mode.pollIntervalMs !== undefined ? { pollIntervalMs: mode.pollIntervalMs } : {}) });
    tailer.start();
    try {
      await waitFor(() => sink.lines.includes('start'), 'the first lines');
      writer = spawn(process.execPath, ['-e', WRITER, file], { stdio: 'ignore' });
      const storm = (): { kind: string; message: string }[] => sink.notices.filter((notice) => /faster than it can be followed/.test(notice.message));
      await waitFor(() => storm().length > 0, () => `the notice of a truncation storm\n${`${sink.notices.length} notices, ${sink.lines.length} lines`}`, NOTICE_TIMEOUT_MS);
      writer.kill('SIGKILL');
      const told = storm();
      expect(told).toHaveLength(1);
      expect(told[0]?.kind).toBe('truncated');
      expect(told[0]?.message).toMatch(/some lines may arrive cut, repeated or out of order/);
    } finally {
      writer?.kill('SIGKILL');
      await tailer.close();
    }
  }, 60_000);
});
