import { describe, expect, it } from 'vitest';
import { planStreamStart } from './stream-start.js';

const source = { epoch: 'E', firstSeq: 101, lastSeq: 5000 };

describe('planStreamStart', () => {
  it('sends the last `history` held lines when nothing is resumed', () => {
    expect(planStreamStart(source, undefined, 1000)).toEqual({ cursor: 4001 });
    expect(planStreamStart(source, '', 10)).toEqual({ cursor: 4991 });
    expect(planStreamStart(source, undefined, 0)).toEqual({ cursor: 5001 });
    expect(planStreamStart(source, undefined, 1e9)).toEqual({ cursor: 101 });
    expect(planStreamStart({ epoch: 'E', firstSeq: 0, lastSeq: 0 }, undefined, 1000)).toEqual({ cursor: 1 });
  });

  it('resumes after the last event id of the same epoch', () => {
    expect(planStreamStart(source, 'E:4500', 10)).toEqual({ cursor: 4501 });
    expect(planStreamStart(source, 'E:5000', 10)).toEqual({ cursor: 5001 });
    // Not held any more: the cursor stays, the pump sends the gap.
    expect(planStreamStart(source, 'E:7', 10)).toEqual({ cursor: 8 });
    // A number past the newest line cannot have been seen: nothing that comes is skipped.
    expect(planStreamStart(source, 'E:9999', 10)).toEqual({ cursor: 5001 });
  });

  it('resets for another epoch, then sends history', () => {
    expect(planStreamStart(source, 'OTHER:12', 10)).toEqual({ cursor: 4991, reset: { epoch: 'E' } });
  });

  it('treats an id that is not EPOCH:SEQ as none', () => {
    expect(planStreamStart(source, 'garbage', 10)).toEqual({ cursor: 4991 });
    expect(planStreamStart(source, 'E:-1', 10)).toEqual({ cursor: 4991 });
  });
});
