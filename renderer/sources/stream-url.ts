/**
 * The URL of one source's own SSE stream (`GET /api/sources/ID/events`, docs/wire-contract.md
 * section 3), for another program or another Tailstream to follow
 * (`tailstream serve --remote URL`). It carries no token: the server's token is a secret the
 * person adds where they use the URL (`?token=TOKEN` or `Authorization: Bearer TOKEN`).
 */

/** `BASE/api/sources/ID/events`, without the token. */
export function sourceStreamUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/sources/${encodeURIComponent(id)}/events`;
}
