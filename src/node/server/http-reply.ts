import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorBody, ErrorCode } from '../../shared/contract.js';
import { TailstreamError } from '../../shared/errors.js';

/** Headers every JSON answer carries. */
const JSON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, ...headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Sends the contract's error body `{"error": {"code", "message"}}`. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body: ErrorBody = { error: { code, message } };
  sendJson(res, status, body, headers);
}

/** Sends any thrown value as an error body: a `TailstreamError` as itself, anything else as 500. */
export function sendThrown(res: ServerResponse, error: unknown): void {
  if (error instanceof TailstreamError) {
    // A body refused half-read leaves bytes on the connection: close it rather than parse them.
    sendError(res, error.status, error.code, error.message, error.status === 413 ? { Connection: 'close' } : {});
    return;
  }
  sendError(res, 500, 'internal', 'The server failed on this request; its log (stderr) may say more.');
}

/**
 * Reads a JSON request body of at most `limit` bytes, whatever its Content-Type says (`fetch`
 * sends text/plain and curl -d form encoding by default; the token and the Origin check, not
 * the content type, are what keep other sites out). Throws `TailstreamError`
 * `payload_too_large` (413) past the limit and `bad_request` (400) for anything but JSON.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw tooLarge(limit);
  // Read by events rather than async iteration: leaving an async iterator early destroys the
  // socket, and the 413 answer would never reach the client.
  const chunks = await new Promise<Buffer[]>((resolve, reject) => {
    const received: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      received.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(received));
    req.once('error', reject);
  });
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new TailstreamError('bad_request', 'The request needs a JSON body.', 400);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TailstreamError('bad_request', 'The request body is not valid JSON.', 400);
  }
}

function tooLarge(limit: number): TailstreamError {
  return new TailstreamError('payload_too_large', `The request body is larger than ${limit} bytes.`, 413);
}
