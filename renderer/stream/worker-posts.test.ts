import { describe, expect, it } from 'vitest';
import type { FeedMessage } from '../model/feed-message.js';
import { lineArray, PackedLines } from '../model/packed-lines.js';
import { decodeBlock } from './block-bytes.js';
import { FAST_CHARS_PER_SEC, FAST_GATHER_MS, LARGE_POST_CHARS, PostPacer, queueMessage, RATE_WINDOW_MS, receivePost, toPosts, WORKER_POST_MAX_LINES, type WorkerPost } from './worker-posts.js';

function lines(source: string, seq: number, count: number): FeedMessage {
  return { type: 'lines', source, batch: { seq, lines: Array.from({ length: count }, (_, i) => `${source}${seq + i}`), flags: new Uint8Array(count).fill(seq % 7), t: seq } };
}

/** What the page gets from a post: a structured clone with the buffers moved, as `postMessage` makes. */
const received = (post: WorkerPost): FeedMessage[] => receivePost(structuredClone(post.data, { transfer: post.transfer }));

const summary = (messages: readonly FeedMessage[]) => messages.map((m) => (m.type === 'lines' ? `${m.source}:${m.batch.seq}+${m.batch.lines.length}` : m.type));

describe('worker posts', () => {
  it('joins consecutive batches of one source, and nothing else, keeping the order', () => {
    const pending: FeedMessage[] = [];
    for (const message of [lines('a', 1, 3), lines('a', 4, 2), lines('b', 1, 1), lines('a', 6, 1), { type: 'gap', source: 'a', data: { from: 7, to: 9 } } as FeedMessage, lines('a', 10, 1), lines('a', 20, 1)]) {
      queueMessage(pending, message);
    }
    expect(summary(pending)).toEqual(['a:1+5', 'b:1+1', 'a:6+1', 'gap', 'a:10+1', 'a:20+1']);
    const joined = pending[0] as Extract<FeedMessage, { type: 'lines' }>;
    expect(joined.batch.lines).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect([...joined.batch.flags]).toEqual([1, 1, 1, 4, 4]);
    expect(joined.batch.t).toBe(4);
  });

  it('posts at most WORKER_POST_MAX_LINES lines at a time, cutting a big batch, each buffer transferred once', () => {
    const big = WORKER_POST_MAX_LINES * 2 + 5;
    const posts = toPosts([{ type: 'status', source: 'a', data: { state: 'following' } }, lines('a', 1, big), lines('b', 1, 10)]);
    for (const post of posts) {
      const lineMessages = post.data.messages.filter((m) => m.type === 'lines').length;
      expect(post.data.ends.length).toBeLessThanOrEqual(WORKER_POST_MAX_LINES);
      expect(new Set(post.transfer).size).toBe(post.transfer.length);
      // The block's bytes and line ends, and each batch's flag bytes.
      expect(post.transfer.length).toBe(2 + lineMessages);
    }
    const arrived = posts.map(received); // moves the buffers: once per post
    expect(arrived.map(summary)).toEqual([
      ['status', `a:1+${WORKER_POST_MAX_LINES}`],
      [`a:${WORKER_POST_MAX_LINES + 1}+${WORKER_POST_MAX_LINES}`],
      [`a:${2 * WORKER_POST_MAX_LINES + 1}+5`, 'b:1+10'],
    ]);
    const all = arrived.flat().filter((m) => m.type === 'lines' && m.source === 'a') as Array<Extract<FeedMessage, { type: 'lines' }>>;
    expect(all.flatMap((m) => lineArray(m.batch.lines))).toEqual(Array.from({ length: big }, (_, i) => `a${i + 1}`));
  });

  it("keeps each line's time, event name and file line through joins and cuts, and does not join across a file restart", () => {
    const withExtras = (seq: number, count: number, line: number): FeedMessage => {
      const message = lines('f', seq, count) as Extract<FeedMessage, { type: 'lines' }>;
      message.batch.times = Float64Array.from({ length: count }, (_, i) => 1000 + seq + i);
      message.batch.events = Array.from({ length: count }, (_, i) => ((seq + i) % 2 === 0 ? 'audit' : ''));
      message.batch.line = line;
      return message;
    };
    const pending: FeedMessage[] = [];
    queueMessage(pending, withExtras(1, 3, 101));
    queueMessage(pending, withExtras(4, 2, 104));
    queueMessage(pending, withExtras(6, 2, 1)); // truncated: file lines start again at 1
    expect(summary(pending)).toEqual(['f:1+5', 'f:6+2']);
    const joined = (pending[0] as Extract<FeedMessage, { type: 'lines' }>).batch;
    expect([...(joined.times ?? [])]).toEqual([1001, 1002, 1003, 1004, 1005]);
    expect(joined.events).toEqual(['', 'audit', '', 'audit', '']);
    expect(joined.line).toBe(101);
    const big = withExtras(1, WORKER_POST_MAX_LINES + 3, 50);
    const cut = toPosts([big]).flatMap(received) as Array<Extract<FeedMessage, { type: 'lines' }>>;
    expect(cut.map((message) => message.batch.line)).toEqual([50, 50 + WORKER_POST_MAX_LINES]);
    expect(cut[1]?.batch.times?.[0]).toBe(1001 + WORKER_POST_MAX_LINES);
    expect(cut[1]?.batch.events?.length).toBe(3);
  });

  it("sends the lines of a post's batches as one string, each batch a view of it, the same lines on arrival", () => {
    const texts = ['', 'a', 'ünïcödé ✓', 'x'.repeat(300), '\u001b[31mred\u001b[0m', ''];
    const other = ['b1', 'b2'];
    const [post] = toPosts([
      { type: 'lines', source: 's', batch: { seq: 1, lines: texts, flags: new Uint8Array(texts.length), t: 0 } },
      { type: 'gap', source: 's', data: { from: 7, to: 9 } },
      { type: 'lines', source: 't', batch: { seq: 5, lines: other, flags: new Uint8Array(2), t: 0 } },
    ]);
    expect(decodeBlock(post?.data.block ?? '')).toBe(texts.join('') + other.join(''));
    const [first, gap, second] = received(post as WorkerPost) as Array<Extract<FeedMessage, { type: 'lines' }>>;
    expect(first?.batch.lines).toBeInstanceOf(PackedLines);
    expect(lineArray(first?.batch.lines ?? [])).toEqual(texts);
    expect((gap as FeedMessage).type).toBe('gap');
    expect(lineArray(second?.batch.lines ?? [])).toEqual(other);
    const packed = first?.batch.lines as PackedLines;
    expect(packed.slice(2, 4).toArray()).toEqual(texts.slice(2, 4));
    expect(packed.at(3)).toBe(texts[3]);
    expect(packed.at(texts.length)).toBeUndefined();
  });

  it('carries any text as UTF-8 bytes, transferred, with every line end in place on arrival', () => {
    const texts = ['plain ascii', 'ünïcödé ✓', '日本語のログ', 'emoji 🚀 and 𝄞', '\u0000nul\u007f', 'é'.repeat(70_000)];
    const [post] = toPosts([{ type: 'lines', source: 's', batch: { seq: 1, lines: texts, flags: new Uint8Array(texts.length), t: 0 } }]);
    const block = post?.data.block;
    expect(block).toBeInstanceOf(Uint8Array);
    expect(post?.transfer).toContain((block as Uint8Array).buffer);
    expect((block as Uint8Array).length).toBe(new TextEncoder().encode(texts.join('')).length);
    const [arrived] = received(post as WorkerPost) as Array<Extract<FeedMessage, { type: 'lines' }>>;
    expect(lineArray(arrived?.batch.lines ?? [])).toEqual(texts);
  });

  it('sends a block with a lone surrogate as a string, so the page gets exactly the characters streamed', () => {
    const texts = ['before', 'half a pair \uD83D here', 'low \uDE80 alone', 'after 🚀'];
    const [post] = toPosts([{ type: 'lines', source: 's', batch: { seq: 1, lines: texts, flags: new Uint8Array(texts.length), t: 0 } }]);
    expect(post?.data.block).toBe(texts.join(''));
    const [arrived] = received(post as WorkerPost) as Array<Extract<FeedMessage, { type: 'lines' }>>;
    expect(lineArray(arrived?.batch.lines ?? [])).toEqual(texts);
  });

  it('posts other messages alone with an empty block and nothing of it to transfer', () => {
    const [post] = toPosts([{ type: 'status', source: 'a', data: { state: 'following' } }]);
    expect(post?.data.block).toBe('');
    expect(post?.transfer.length).toBe(1); // the (empty) line ends
    expect(summary(received(post as WorkerPost))).toEqual(['status']);
  });
});

describe('post pacing', () => {
  const linesOf = (chars: number): FeedMessage => ({ type: 'lines', source: 's', batch: { seq: 1, lines: ['x'.repeat(chars)], flags: new Uint8Array(1), t: 0 } });
  /** A pacer that has seen `rate` chars/s for a while, at `now` ms. */
  const pacerAt = (rate: number, until: number): PostPacer => {
    const pacer = new PostPacer();
    for (let t = 0; t < until; t += 10) {
      pacer.gathered(linesOf((rate * 10) / 1000), t);
      pacer.flushed();
    }
    return pacer;
  };

  it('posts at the next turn while the stream is slow', () => {
    const pacer = pacerAt(FAST_CHARS_PER_SEC / 2, 300);
    expect(pacer.gathered(linesOf(100), 300)).toEqual({ now: false, delayMs: 0 });
  });

  it('gathers up to FAST_GATHER_MS while the stream is fast, and posts a large block at once', () => {
    const pacer = pacerAt(FAST_CHARS_PER_SEC * 2, 300);
    expect(pacer.gathered(linesOf(1000), 300)).toEqual({ now: false, delayMs: FAST_GATHER_MS });
    // More comes: the post still goes FAST_GATHER_MS after the first message, not later.
    expect(pacer.gathered(linesOf(1000), 305)).toEqual({ now: false, delayMs: FAST_GATHER_MS - 5 });
    expect(pacer.gathered(linesOf(LARGE_POST_CHARS), 308)).toEqual({ now: true, delayMs: 0 });
    pacer.flushed();
    pacer.reset();
    expect(pacer.gathered(linesOf(10), 310).delayMs).toBe(0);
  });

  it('posts the first lines after a pause at once, however fast the stream was', () => {
    const pacer = pacerAt(FAST_CHARS_PER_SEC * 2, 300);
    expect(pacer.gathered(linesOf(1000), 300 + 3 * RATE_WINDOW_MS)).toEqual({ now: false, delayMs: 0 });
  });
});
