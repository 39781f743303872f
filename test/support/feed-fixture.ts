import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CuttingProxy } from '../../src/node/server/testing/cutting-proxy.js';
import { addFedSource, numberedLines, type FedSource } from '../../src/node/server/testing/fed-source.js';
import { startTestServer, type TestServer } from '../../src/node/server/testing/test-server.js';

/** Where a test that cannot use Node (the renderer's, type-checked for the browser) finds the fixture. */
export interface FeedFixtureAddress {
  /** The Tailstream server, reached through a proxy that the control URL can cut. */
  serverUrl: string;
  /** The same server without the proxy (its Host checks pass for every route). */
  directUrl: string;
  token: string;
  /** `POST` JSON commands here (see {@link FeedFixture}). */
  controlUrl: string;
}

/** A command to the fixture. */
export type FeedFixtureCommand =
  | { do: 'add'; count: number }
  | { do: 'push'; source: string; from: number; count: number; prefix?: string }
  | { do: 'file'; lines: string[] }
  | { do: 'cut' }
  | { do: 'refuse'; count: number };

/**
 * Test support: a real Tailstream server on 127.0.0.1 with sources whose lines a test pushes, behind
 * a {@link CuttingProxy}, steered over a small JSON control endpoint. It lets the console's own
 * stream code, which is type-checked for the browser and may not import Node, be tested against
 * the real server with the real `eventsource` client: the test adds sources, pushes lines, cuts
 * the connection or has the next requests answered 503, all by `fetch`. It also opens files the
 * test writes (`file`), for the console's whole-file code.
 */
export class FeedFixture {
  private readonly sources = new Map<string, FedSource>();
  private control: Server | undefined;
  /** Where `file` commands write their files (made on the first). */
  private fileDir: string | undefined;

  private constructor(
    private readonly test: TestServer,
    private readonly proxy: CuttingProxy,
  ) {}

  /** Starts the server, its proxy and the control endpoint. */
  static async start(): Promise<{ fixture: FeedFixture; address: FeedFixtureAddress }> {
    const test = await startTestServer();
    const proxy = new CuttingProxy(Number(new URL(test.server.url).port));
    await proxy.start();
    const fixture = new FeedFixture(test, proxy);
    const controlPort = await fixture.listen();
    return {
      fixture,
      address: { serverUrl: `http://127.0.0.1:${proxy.port}`, directUrl: test.server.url, token: test.server.token, controlUrl: `http://127.0.0.1:${controlPort}/` },
    };
  }

  /** Carries out one command; answers what the test needs back (the new sources' ids). */
  run(command: FeedFixtureCommand): unknown {
    switch (command.do) {
      case 'add': {
        const ids: string[] = [];
        for (let i = 0; i < command.count; i++) {
          const fed = addFedSource(this.test.server.hub, 'file', `/test/feed-${this.sources.size + 1}.log`);
          this.sources.set(fed.info.id, fed);
          ids.push(fed.info.id);
        }
        return { ids };
      }
      case 'push': {
        const fed = this.sources.get(command.source);
        if (fed === undefined) throw new Error(`no source ${command.source}`);
        fed.sink.pushLines(numberedLines(command.from, command.count, command.prefix));
        return {};
      }
      case 'file': {
        // A real file source (tail engine, index, whole-file routes) with the test's lines.
        this.fileDir ??= mkdtempSync(join(tmpdir(), 'tailstream-feed-'));
        const path = join(this.fileDir, `file-${this.sources.size + 1}-${Date.now()}.log`);
        writeFileSync(path, command.lines.map((line) => `${line}\n`).join(''));
        return { id: this.test.server.sources.addFile(path).id };
      }
      case 'cut':
        this.proxy.cutAll();
        return { cuts: this.proxy.cuts };
      case 'refuse':
        this.proxy.refuseNext(command.count);
        return {};
    }
  }

  async close(): Promise<void> {
    // fetch keeps its connections alive: end them, or the control server would wait for them.
    const control = this.control;
    await new Promise<void>((resolve) => {
      if (control === undefined) return resolve();
      control.close(() => resolve());
      control.closeAllConnections();
    });
    await this.proxy.close();
    await this.test.server.close();
    if (this.fileDir !== undefined) rmSync(this.fileDir, { recursive: true, force: true });
  }

  private async listen(): Promise<number> {
    const control = createServer((req, res) => {
      readJson(req)
        .then((command) => {
          const answer = this.run(command as FeedFixtureCommand);
          res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
          res.end(JSON.stringify(answer));
        })
        .catch((error: unknown) => {
          res.writeHead(400, { 'Content-Type': 'text/plain' });
          res.end(error instanceof Error ? error.message : String(error));
        });
    });
    this.control = control;
    await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
    const address = control.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
}
