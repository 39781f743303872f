/**
 * Test support: a viewer as a team runs it, `tailstream serve --remote SUBSCRIBER-URL`, read
 * through its per-source SSE stream (wire contract section 3) with the real `eventsource` client.
 */
import { EventSource } from 'eventsource';
import type { LinesPayload, NoticePayload, SourceInfo, StatusPayload } from '../../../src/shared/contract.js';
import { startCli, type CliChild } from './cli-child.js';
import { waitFor } from '../../../src/shared/testing/wait-for.js';

/** A running viewer and what its stream has said so far. */
export interface Viewer {
  cli: CliChild;
  lines: string[];
  notices: NoticePayload[];
  states: StatusPayload[];
  /** Waits until at least `count` lines arrived. */
  waitForLines(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts `tailstream serve --remote URL` and follows its one source from its first line. */
export async function startViewer(bin: string, subscriberUrl: string): Promise<Viewer> {
  const token = `viewer-token-${Math.random().toString(36).slice(2)}-0123456789`;
  const cli = startCli(bin, ['serve', '--remote', subscriberUrl, '--port', '0', '--token', token]);
  const ready = await cli.firstLine();
  const base = new URL(ready.replace(/^Tailstream listening on /, '')).origin;
  const headers = { Authorization: `Bearer ${token}` };
  const sources = (await (await fetch(`${base}/api/sources`, { headers })).json()) as SourceInfo[];
  const id = (sources[0] as SourceInfo).id;
  const lines: string[] = [];
  const notices: NoticePayload[] = [];
  const states: StatusPayload[] = [];
  // Every line the viewer holds, from its first: nothing may be missing or repeated.
  const es = new EventSource(`${base}/api/sources/${id}/events?token=${token}&history=100000000`);
  es.addEventListener('lines', (event) => {
    const payload = JSON.parse(event.data as string) as LinesPayload;
    for (const line of payload.lines) lines.push(line);
  });
  es.addEventListener('notice', (event) => notices.push(JSON.parse(event.data as string) as NoticePayload));
  es.addEventListener('status', (event) => states.push(JSON.parse(event.data as string) as StatusPayload));
  return {
    cli,
    lines,
    notices,
    states,
    waitForLines: (count, timeoutMs) =>
      waitFor(() => lines.length >= count, () => `${count} lines at a viewer, which has ${lines.length}; its last states: ${JSON.stringify(states.slice(-3))}`, timeoutMs),
    close: async () => {
      es.close();
      cli.child.kill('SIGTERM');
      await cli.exited;
    },
  };
}
