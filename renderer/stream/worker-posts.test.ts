import { describe, expect, it } from 'vitest';
import type { FeedMessage } from '../model/feed-message.js';
import { queueMessage, toPosts, WORKER_POST_MAX_LINES } from './worker-posts.js';

function lines(source: string, seq: number, count: number): FeedMessage {
  return { type: 'lines', source, batch: { seq, lines: Array.from({ length: count }, (_, i) => `${source}${seq + i}`), flags: new Uint8Array(count).fill(seq % 7), t: seq } };
}

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
    expect(posts.map((post) => summary(post.messages))).toEqual([
      ['status', `a:1+${WORKER_POST_MAX_LINES}`],
      [`a:${WORKER_POST_MAX_LINES + 1}+${WORKER_POST_MAX_LINES}`],
      [`a:${2 * WORKER_POST_MAX_LINES + 1}+5`, 'b:1+10'],
    ]);
    for (const post of posts) {
      const size = post.messages.reduce((sum, m) => sum + (m.type === 'lines' ? m.batch.lines.length : 0), 0);
      expect(size).toBeLessThanOrEqual(WORKER_POST_MAX_LINES);
      expect(new Set(post.transfer).size).toBe(post.transfer.length);
      expect(post.transfer.length).toBe(post.messages.filter((m) => m.type === 'lines').length);
    }
    const all = posts.flatMap((post) => post.messages).filter((m) => m.type === 'lines' && m.source === 'a') as Array<Extract<FeedMessage, { type: 'lines' }>>;
    expect(all.flatMap((m) => m.batch.lines)).toEqual(Array.from({ length: big }, (_, i) => `a${i + 1}`));
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
    const cut = toPosts([big]).flatMap((post) => post.messages) as Array<Extract<FeedMessage, { type: 'lines' }>>;
    expect(cut.map((message) => message.batch.line)).toEqual([50, 50 + WORKER_POST_MAX_LINES]);
    expect(cut[1]?.batch.times?.[0]).toBe(1001 + WORKER_POST_MAX_LINES);
    expect(cut[1]?.batch.events?.length).toBe(3);
  });
});
