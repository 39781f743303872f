import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseStreamGuard } from './stream-guard.js';

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);
const limits = { maxLineBytes: 100, maxEventBytes: 1000 };

describe('SseStreamGuard', () => {
  it('lets normal events through, whatever the line endings', () => {
    const guard = new SseStreamGuard(limits);
    expect(guard.scan(enc('data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\r')).ok).toBe(true);
    expect(guard.scan(enc('\n')).ok).toBe(true); // the LF of a CRLF split across reads
  });

  it('cuts a line that grows past the limit across many reads', () => {
    const guard = new SseStreamGuard(limits);
    expect(guard.scan(enc('data: ok\n\n: ')).ok).toBe(true);
    let result = guard.scan(enc('x'.repeat(50)));
    expect(result.ok).toBe(true);
    result = guard.scan(enc('x'.repeat(200)));
    expect(result).toMatchObject({ ok: false, keep: 0 });
    if (!result.ok) expect(result.message).toMatch(/more than 100 bytes without ending it/);
  });

  it('keeps the complete events in front of an over-long line', () => {
    const guard = new SseStreamGuard(limits);
    const head = 'data: one\n\ndata: two\n\n';
    const result = guard.scan(enc(`${head}id: ${'y'.repeat(300)}`));
    expect(result).toEqual({ ok: false, keep: head.length, message: expect.any(String) });
  });

  it('allows the field name on top of a line of exactly the limit', () => {
    const guard = new SseStreamGuard(limits);
    expect(guard.scan(enc(`data: ${'z'.repeat(100)}\n\n`)).ok).toBe(true);
  });

  it('cuts an event whose lines each end but which never ends', () => {
    const guard = new SseStreamGuard(limits);
    let result = guard.scan(enc('event: x\n'));
    for (let i = 0; i < 20 && result.ok; i += 1) result = guard.scan(enc(`data: ${'w'.repeat(90)}\n`));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/an event of more than 1000 bytes/);
  });

  it('gives a Tailstream lines event the event limit for its one JSON line', () => {
    const guard = new SseStreamGuard(limits);
    expect(guard.scan(enc(`event: lines\nid: e:9\ndata: {"seq":1,"lines":["${'q'.repeat(500)}"]}\n\n`)).ok).toBe(true);
    expect(guard.scan(enc(`event: other\nid: ${'q'.repeat(500)}\n\n`)).ok).toBe(false);
  });

  it('lets a complete data line over the line limit through, up to the event limit (the bridge cuts it into pieces)', () => {
    const guard = new SseStreamGuard(limits);
    expect(guard.scan(enc(`data: ${'d'.repeat(250)}`)).ok).toBe(true);
    expect(guard.scan(enc(`${'d'.repeat(250)}\n\ndata: after\n\n`)).ok).toBe(true);
    const endless = guard.scan(enc(`data: ${'d'.repeat(1200)}`));
    expect(endless).toMatchObject({ ok: false, keep: 0 });
    if (!endless.ok) expect(endless.message).toMatch(/an event of more than 1000 bytes/);
  });

  it('reads retry: as the spec says (digits only)', () => {
    const guard = new SseStreamGuard(limits);
    guard.scan(enc('retry: 2500\n\n'));
    expect(guard.retryMs).toBe(2500);
    guard.scan(enc('retry: soon\n\nretry:-5\n\nretry: 1e3\n\n'));
    expect(guard.retryMs).toBe(2500);
    guard.scan(enc('ret'));
    guard.scan(enc('ry:70\r\n'));
    expect(guard.retryMs).toBe(70);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const guard = new SseStreamGuard(limits);
        for (const chunk of chunks) {
          const result = guard.scan(chunk);
          if (!result.ok) {
            expect(result.keep).toBeGreaterThanOrEqual(0);
            expect(result.keep).toBeLessThanOrEqual(chunk.length);
            break;
          }
        }
      }),
    );
  });
});
