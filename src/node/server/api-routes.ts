import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { HealthInfo, SourceInfo } from '../../shared/contract.js';
import { checkAddSourceRequest, checkReopenSourceRequest } from '../../shared/control-requests.js';
import { TailstreamError } from '../../shared/errors.js';
import type { SourceHub } from '../hub/source-hub.js';
import type { SourceFactory } from '../source-factory.js';
import { answerLevelStep, answerLines, answerSeek, fileSourceOf, searchByEntries, searchSpecOf, streamSearch } from './file-routes.js';
import { readJsonBody, sendError, sendJson, sendThrown } from './http-reply.js';
import { MAX_JSON_BODY_BYTES } from './server-limits.js';
import type { StreamRegistry } from './stream-registry.js';

/** What the API routes work with. */
export interface ApiContext {
  hub: SourceHub;
  /** Opens sources; knows each file source (its index) for the whole-file routes. */
  sources: SourceFactory;
  streams: StreamRegistry;
  version: string;
  /** May `POST /api/sources {kind: 'file'}` open this (absolute) path? */
  filePolicy: (path: string) => boolean;
  /** Whether `filePolicy` lets through paths the server does not already list (`canOpenFiles`). */
  canOpenFiles: boolean;
}

/**
 * Answers a request under `/api/` whose token has already been checked. `rawPath` is the path
 * as sent (not normalised: no `..` is resolved into another route).
 */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  query: URLSearchParams,
  ctx: ApiContext,
): Promise<void> {
  try {
    const parts = rawPath.split('/').slice(2); // '', 'api', ...
    const method = req.method ?? 'GET';
    if (parts.length === 1 && parts[0] === 'health') {
      if (!allow(res, method, ['GET', 'HEAD'])) return;
      const body: HealthInfo = { ok: true, version: ctx.version, canOpenFiles: ctx.canOpenFiles };
      sendJson(res, 200, body);
      return;
    }
    if (parts.length === 1 && parts[0] === 'events') {
      if (!allow(res, method, ['GET'])) return;
      ctx.streams.openConsole(req, res, ctx.hub, query);
      return;
    }
    if (parts[0] !== 'sources') {
      sendError(res, 404, 'not_found', `No such API route: ${rawPath}.`);
      return;
    }
    if (parts.length === 1) {
      if (!allow(res, method, ['GET', 'HEAD', 'POST'])) return;
      if (method === 'POST') {
        const info = addSource(await readJsonBody(req, MAX_JSON_BODY_BYTES), ctx);
        sendJson(res, 201, info);
      } else {
        sendJson(res, 200, ctx.hub.list());
      }
      return;
    }
    const id = decodeId(parts[1] as string);
    if (parts.length === 2) {
      if (!allow(res, method, ['GET', 'HEAD', 'DELETE'])) return;
      if (method === 'DELETE') {
        if (await ctx.hub.remove(id)) {
          res.writeHead(204, { 'Cache-Control': 'no-store' });
          res.end();
        } else {
          sendError(res, 404, 'not_found', `No source with id ${JSON.stringify(id)}.`);
        }
        return;
      }
      const info = ctx.hub.get(id);
      if (info === undefined) sendError(res, 404, 'not_found', `No source with id ${JSON.stringify(id)}.`);
      else sendJson(res, 200, info);
      return;
    }
    if (parts.length === 3 && parts[2] === 'events') {
      if (!allow(res, method, ['GET'])) return;
      const entry = ctx.hub.entry(id);
      if (entry === undefined) {
        sendError(res, 404, 'not_found', `No source with id ${JSON.stringify(id)}.`);
        return;
      }
      ctx.streams.open(req, res, entry, query);
      return;
    }
    if (parts.length === 3 && parts[2] === 'reopen') {
      if (!allow(res, method, ['POST'])) return;
      const checked = checkReopenSourceRequest(await readJsonBody(req, MAX_JSON_BODY_BYTES));
      if (!checked.ok) throw new TailstreamError(checked.code, checked.message, 400);
      const info = await ctx.sources.reopenFile(id, checked.value.encoding);
      if (info === undefined) sendError(res, 404, 'not_found', `No source with id ${JSON.stringify(id)}.`);
      else sendJson(res, 200, info);
      return;
    }
    if (parts.length === 3 && (parts[2] === 'lines' || parts[2] === 'search' || parts[2] === 'seek' || parts[2] === 'level-step')) {
      if (!allow(res, method, ['GET'])) return;
      const file = fileSourceOf(ctx.sources, id, ctx.hub.entry(id) !== undefined);
      if (parts[2] === 'lines') await answerLines(res, file, query);
      else if (parts[2] === 'seek') await answerSeek(res, file, query);
      else if (parts[2] === 'level-step') await answerLevelStep(res, file, query);
      else await streamSearch(res, file, searchSpecOf(query), searchByEntries(query));
      return;
    }
    sendError(res, 404, 'not_found', `No such API route: ${rawPath}.`);
  } catch (error) {
    sendThrown(res, error);
  }
}

/** Checks the method; answers 405 with `Allow` and returns false when it is not one of `allowed`. */
function allow(res: ServerResponse, method: string, allowed: string[]): boolean {
  if (allowed.includes(method)) return true;
  sendError(res, 405, 'method_not_allowed', `This route answers ${allowed.join(', ')}, not ${method}.`, {
    Allow: allowed.join(', '),
  });
  return false;
}

function decodeId(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new TailstreamError('bad_request', 'The source id in this path is not valid.', 400);
  }
}

/** Validates a `POST /api/sources` body and adds the source. */
function addSource(body: unknown, ctx: ApiContext): SourceInfo {
  const checked = checkAddSourceRequest(body);
  if (!checked.ok) throw new TailstreamError(checked.code, checked.message, 400);
  const request = checked.value;
  if (request.kind === 'file') {
    const resolved = path.resolve(request.path);
    if (!ctx.filePolicy(resolved)) {
      throw new TailstreamError(
        'forbidden_path',
        'This server may not open that file over HTTP. A headless server opens only the files named on its command line.',
        403,
      );
    }
    return ctx.sources.addFile(resolved, request.encoding);
  }
  return ctx.sources.addRemote(request.url, request.headers);
}
