/**
 * Any string survives the SSE stream: CR, LF, CRLF, U+2028/2029, NEL, NUL, BOM, lone surrogates
 * and astral characters in line text, event names and status messages round-trip exactly
 * through the server's own encoder and a real SSE parser (the `eventsource` package's, fed the
 * UTF-8 bytes cut into any chunks), and over the wire from a real server to the real
 * `eventsource` client. A framing that let content break an event, or a decoding that mangled
 * a lone surrogate, fails here.
 */
import fc from 'fast-check';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEventId, parseEventId, type LinesPayload, type NoticePayload, type StatusPayload } from '../../src/shared/contract.js';
import { encodeJsonLines, jsonRange, literalStart } from '../../src/node/hub/json-lines.js';
import type { JsonRun } from '../../src/node/hub/line-segments.js';
import { sseEvent, sseLinesEvent, sseRetry, SSE_PING } from '../../src/node/server/sse-format.js';
import { StreamFollower } from '../../src/node/server/testing/es-follower.js';
import { addFedSource, type FedSource } from '../../src/node/server/testing/fed-source.js';
import { startTestServer, type TestServer } from '../../src/node/server/testing/test-server.js';
import { waitFor } from '../../src/shared/testing/wait-for.js';

/** Runs of the in-memory property. */
const RUNS = Number(process.env.TAILSTREAM_PROPERTY_RUNS ?? 1500);
/** Generated batches sent over the wire to the real client. */
const WIRE_BATCHES = 300;

/** Characters that have broken SSE framings and decoders before. */
const NASTY = ['\n', '\r', '\r\n', '\n\n', '\u2028', '\u2029', '\u0085', '\0', '\ufeff', '\ud800', '\udfff', '\udbff\udc00', '\u{1f600}', 'data: x', 'event: y', 'id: z', ': ping', 'retry: 1', '\\', '"', '\u001b]0;t\u0007'];

/** Any string, weighted towards the nasty ones, lone surrogates included. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 12 }).map((parts) => parts.join('')),
);

/**
 * The lines as the ring holds and reads them: encoded once as a JSON array, then read back as
 * pieces cut at `cuts` (line indexes), the way a run spanning several segments comes out.
 */
function runOf(lines: readonly string[], seq: number, t: number, cuts: readonly number[], events?: string[]): JsonRun {
  const json = encodeJsonLines(lines);
  const bounds = [...new Set([0, ...cuts.map((cut) => cut % lines.length), lines.length])].sort((a, b) => a - b);
  const ranges = bounds.slice(1).map((end, k) => [literalStart(json.ends, bounds[k] as number), json.ends[end - 1] as number] as const);
  const pieces = ranges.map(([start, end]) => jsonRange(json, start, end));
  const bytes = ranges.reduce((sum, [start, end]) => sum + end - start, ranges.length - 1);
  return { seq, count: lines.length, t, pieces, bytes, ...(events !== undefined ? { events } : {}) };
}

/** Parses `bytes` cut at `cuts` the way the `eventsource` client does: streaming UTF-8, then SSE. */
function parseChunks(bytes: Buffer, cuts: readonly number[]): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => events.push(event) });
  const decoder = new TextDecoder();
  const points = [...new Set(cuts.map((cut) => Math.min(cut, bytes.length)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    parser.feed(decoder.decode(bytes.subarray(from, to), { stream: true }));
    from = to;
  }
  parser.feed(decoder.decode());
  return events;
}

describe('SSE encoding round-trips any string', () => {
  it('through the server encoder and the eventsource parser, cut into any chunks', () => {
    fc.assert(
      fc.property(
        fc.array(anyText, { minLength: 1, maxLength: 8 }),
        fc.option(fc.array(anyText, { minLength: 8, maxLength: 8 }), { nil: undefined }),
        anyText,
        fc.nat({ max: 2 ** 40 }),
        fc.array(fc.nat({ max: 4000 }), { maxLength: 25 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        (lines, names, message, seq, cuts, pieceCuts) => {
          const epoch = 'E0-_abc';
          const events = names?.slice(0, lines.length);
          const lined: LinesPayload = { seq: seq + 1, lines, t: 1764000000000, ...(events !== undefined ? { events } : {}) };
          const status: StatusPayload = { state: 'error', message };
          const notice: NoticePayload = { kind: 'rotated', message };
          const linesEvent = sseLinesEvent(epoch, runOf(lines, lined.seq, lined.t, pieceCuts, events));
          // The bytes built from held JSON pieces are exactly those of the plain JSON encoding.
          expect(linesEvent.equals(Buffer.from(sseEvent('lines', lined, formatEventId(epoch, seq + lines.length)), 'utf8'))).toBe(true);
          const wire =
            sseRetry(1000) +
            sseEvent('status', status) +
            SSE_PING +
            linesEvent.toString('utf8') +
            sseEvent('notice', notice) +
            sseEvent('gap', { from: 1, to: seq + 1 });
          const parsed = parseChunks(Buffer.from(wire, 'utf8'), cuts);
          expect(parsed.map((event) => event.event)).toEqual(['status', 'lines', 'notice', 'gap']);
          expect(JSON.parse(parsed[0]?.data ?? '')).toEqual(status);
          expect(JSON.parse(parsed[1]?.data ?? '')).toEqual(lined);
          expect(parsed[1]?.id).toBe(formatEventId(epoch, seq + lines.length));
          expect(JSON.parse(parsed[2]?.data ?? '')).toEqual(notice);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('event ids parse back to their epoch and number, and junk ids parse to nothing or a valid pair', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((epoch) => !/[\r\n\0]/.test(epoch)), fc.nat({ max: 999_999_999_999_999 }), anyText, (epoch, seq, junk) => {
        expect(parseEventId(formatEventId(epoch, seq))).toEqual({ epoch, seq });
        const parsed = parseEventId(junk);
        if (parsed !== undefined) {
          expect(Number.isSafeInteger(parsed.seq)).toBe(true);
          expect(parsed.seq).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('SSE over the wire round-trips any string', () => {
  let test: TestServer;
  let fed: FedSource;

  beforeAll(async () => {
    test = await startTestServer();
    fed = addFedSource(test.server.hub, 'remote', 'http://127.0.0.1:9/nasty', 'open');
  });
  afterAll(async () => {
    await test?.server.close();
  });

  it('from a real server to the real eventsource client, line for line, with status messages', async () => {
    // Mostly small batches (held loose, then sealed together), every tenth one large (sealed at once).
    const batches = fc
      .sample(fc.array(anyText, { minLength: 1, maxLength: 10 }), { numRuns: WIRE_BATCHES, seed: 20240501 })
      .map((batch, i) => (i % 10 === 9 ? Array.from({ length: Math.ceil(70 / batch.length) }, () => batch).flat() : batch));
    const messages = fc.sample(anyText, { numRuns: 20, seed: 7 });
    const sent = batches.flat();
    const follower = new StreamFollower(test.eventsUrl(fed.info.id), { token: test.server.token });
    try {
      await waitFor(() => follower.statuses.length === 1, 'the stream to open');
      batches.forEach((batch, i) => {
        fed.sink.pushLines(batch);
        const message = messages[i % messages.length] as string;
        if (i % 15 === 0) fed.sink.setState(i % 30 === 0 ? 'reconnecting' : 'open', message);
      });
      await waitFor(() => follower.received === sent.length, `all ${sent.length} lines`);
      expect(follower.problems).toEqual([]);
      expect(follower.texts.length).toBe(sent.length);
      sent.forEach((text, i) => {
        if (follower.texts[i] !== text) expect({ i, got: follower.texts[i] }).toEqual({ i, got: text });
      });
      const shown = follower.statuses.slice(1).map((status) => status.message);
      expect(shown).toEqual(batches.flatMap((_, i) => (i % 15 === 0 ? [messages[i % messages.length]] : [])));
    } finally {
      follower.close();
    }
  }, 60_000);
});
