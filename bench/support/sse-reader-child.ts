/**
 * The benchmark's SSE clients, run as a child process (`node --import tsx THIS JSON`) so that
 * the server's CPU and memory are measured apart from theirs. Opens `clients` plain HTTP
 * connections to one stream, parses every `lines` event's JSON and counts lines.
 *
 * Talks on stdout, one line each: `ready` once every connection has its opening `status`;
 * `warm {"at": [...]}` once every connection has line `warmup` (when it is not 0), and
 * `done {"at": [...]}` once every connection has line `target`, with the moment each did (ms
 * since the Unix epoch, sub-millisecond); `error MESSAGE` (then exit 1) when a connection fails
 * or loses a line.
 */
import http from 'node:http';
import { SseLineCounter } from './sse-line-counter.js';

/** What the parent passes as the one argument, as JSON. */
export interface ReaderArgs {
  port: number;
  /** Path and query of the stream, token included. */
  path: string;
  clients: number;
  /** Number of the line that ends the warm-up (0: none). */
  warmup: number;
  /** Number of the line that completes the run (every line from 1 to it must arrive). */
  target: number;
}

const now = (): number => performance.timeOrigin + performance.now();

function fail(message: string): never {
  process.stdout.write(`error ${message}\n`);
  process.exit(1);
}

const args = JSON.parse(process.argv[2] ?? '{}') as ReaderArgs;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const warmAt: number[] = new Array<number>(args.clients).fill(0);
const doneAt: number[] = new Array<number>(args.clients).fill(0);
let opened = 0;
let warmed = 0;
let finished = 0;

for (let client = 0; client < args.clients; client++) {
  const counter = new SseLineCounter();
  const request = http.get({ host: '127.0.0.1', port: args.port, path: args.path, agent, headers: { Accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) fail(`stream answered ${res.statusCode}`);
    let wasOpen = false;
    let warm = args.warmup === 0;
    let complete = false;
    res.on('data', (chunk: Buffer) => {
      try {
        counter.push(chunk);
      } catch (error) {
        fail(`client ${client}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!wasOpen && counter.state.opened) {
        wasOpen = true;
        if (++opened === args.clients) process.stdout.write('ready\n');
      }
      if (!warm && counter.state.lastSeq >= args.warmup) {
        warm = true;
        warmAt[client] = now();
        if (++warmed === args.clients) process.stdout.write(`warm ${JSON.stringify({ at: warmAt })}\n`);
      }
      if (!complete && counter.state.lastSeq >= args.target) {
        complete = true;
        doneAt[client] = now();
        if (counter.state.lines !== args.target) fail(`client ${client} got ${counter.state.lines} lines, expected ${args.target}`);
        if (++finished === args.clients) process.stdout.write(`done ${JSON.stringify({ at: doneAt })}\n`);
      }
    });
    res.on('end', () => {
      if (!complete) fail(`client ${client}: the stream ended at line ${counter.state.lastSeq}`);
    });
  });
  request.on('error', (error) => fail(`client ${client}: ${error.message}`));
}
