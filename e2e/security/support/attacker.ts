/**
 * The attacker's side of the hostile-page tests: an HTTP server on its own 127.0.0.1 port that
 * serves a harmless-looking page (the origin the attacks run from) and counts hits on a canary
 * path (a remote source the attacks try to make Tailstream add would connect there), and the
 * attacks themselves, run inside that page exactly as its own script would run them.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { runAttacksInPage } from './attacks.page.js';

/** The attacker's web server. */
export interface AttackerServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  /** Requests to `/canary` so far: a source Tailstream was tricked into adding would connect here. */
  canaryHits(): number;
  close(): Promise<void>;
}

/** The page every attack runs from. */
export const ATTACK_PAGE = '<!doctype html><html><head><title>cat pictures</title></head><body><h1>cat pictures</h1></body></html>';

/** Starts the attacker's server on a free port. */
export async function startAttacker(): Promise<AttackerServer> {
  let canary = 0;
  const server = http.createServer((req, res) => {
    if ((req.url ?? '').startsWith('/canary')) canary++;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(ATTACK_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    canaryHits: () => canary,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What the attacks aim at and what they know. */
export interface AttackPlan {
  /** The Tailstream server's origin as the page names it, e.g. `http://127.0.0.1:PORT`. */
  target: string;
  /** The token, when the attacker is assumed to know it; `''` otherwise. */
  token: string;
  /** A source id (ids are derived from the path, so an attacker who knows the path knows it). */
  sourceId: string;
  /** Where a planted remote source would connect (the canary). */
  canaryUrl: string;
  /** Ports to scan, for the attacker who does not know the port. */
  scanPorts: number[];
  /** How long the tag, EventSource and form probes wait for an outcome, in ms. */
  waitMs: number;
}

/** One attack and what it got: `read` is whatever the page could see of the answer, or null. */
export interface AttackResult {
  name: string;
  read: string | null;
}

/**
 * Runs every attack from inside `page` (its origin is the attacker's) and returns what each could
 * read. The attacks: fetch in every mode, with and without credentials and the token, preflighted
 * methods, EventSource, `<img>`, `<script>`, `<link>`, `<iframe>`, form posts (plain and
 * JSON-looking), and a port scan.
 */
export function runAttacks(page: Page, plan: AttackPlan): Promise<AttackResult[]> {
  return page.evaluate(runAttacksInPage, plan);
}
