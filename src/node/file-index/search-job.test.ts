import { closeSync, openSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../shared/limits.js';
import { SEARCH_READ_BYTES } from './index-limits.js';
import { runSearchJob, type SearchJob, type SearchMessage } from './search-job.js';

/** Runs a search job over `bytes` in a file and gathers what it posts. */
function search(dir: string, bytes: Buffer, query: string, firstLine?: number): SearchMessage[] {
  const file = path.join(dir, 'searched.log');
  writeFileSync(file, bytes);
  const fd = openSync(file, 'r');
  try {
    const job: SearchJob = { kind: 'search', fd, from: 0, to: bytes.length, spec: { query, regex: false, caseSensitive: true, invert: false } };
    if (firstLine !== undefined) job.firstLine = firstLine;
    const posted: SearchMessage[] = [];
    runSearchJob(job, (message) => posted.push(message));
    return posted;
  } finally {
    closeSync(fd);
  }
}

describe('a search job reading a line longer than one read', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'search-job-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // A line of 2.5 reads, with the term only at its end: a window cut inside it would either miss
  // the term or report a line that does not exist.
  const giant = Buffer.concat([Buffer.alloc(Math.floor(SEARCH_READ_BYTES * 2.5), 'x'), Buffer.from(' needle')]);
  const bytes = Buffer.concat([Buffer.from('needle first\nplain\n'), giant, Buffer.from('\nplain\nneedle last\n')]);

  it('counts lines itself through the grown window, and numbers every match right', () => {
    const posted = search(dir, bytes, 'needle', 1);
    const lines = posted.flatMap((message) => (message.type === 'matches' ? [...message.lines.subarray(0, message.count)] : []));
    // The giant line is one line number per 1 MiB piece (contract, section 3), and is reported at
    // the piece holding the term: its last.
    const giantPieces = Math.ceil(giant.length / MAX_LINE_BYTES);
    expect(lines).toEqual([1, 2 + giantPieces, 4 + giantPieces]);
    expect(posted.at(-1)).toEqual({ type: 'done', scanned: bytes.length });
  });

  it('finds the offsets of the hits through the grown window', () => {
    const posted = search(dir, bytes, 'needle');
    const offsets = posted.flatMap((message) => (message.type === 'hits' ? [...message.offsets] : []));
    expect(offsets).toEqual([0, bytes.indexOf('needle', 20), bytes.lastIndexOf('needle')]);
    expect(posted.at(-1)).toEqual({ type: 'done', scanned: bytes.length });
  });
});
