import { STATUS_CODES } from 'node:http';
import { describeFetchError, hostAndPort } from '../remote/connection-errors.js';
import { PUBLISH_REQUEST_TIMEOUT_MS } from './publish-constants.js';

/** How one POST to the hub ended. */
export type PostOutcome =
  | { ok: true }
  /** Not taken; try again later. `message` is one line a person can act on. */
  | { ok: false; tooLarge: boolean; message: string };

/** The publisher endpoint of a hub: one URL, the user's headers (secrets, never shown). */
export class HubClient {
  private readonly url: URL;
  private readonly headers: Headers;
  private readonly where: string;

  constructor(url: URL, headers: Headers) {
    this.url = url;
    this.headers = headers;
    this.where = hostAndPort(url);
  }

  /**
   * POSTs one event: `body` is its JSON data, `event` its name (nchan's `X-EventSource-Event`).
   * Never throws: every failure is an outcome with its reason in words.
   */
  async post(event: string, body: string): Promise<PostOutcome> {
    const headers = new Headers(this.headers);
    headers.set('Content-Type', 'application/json');
    headers.set('X-EventSource-Event', event);
    // nchan answers a JSON Accept with a short JSON summary of the channel instead of text.
    headers.set('Accept', 'application/json');
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(PUBLISH_REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        return { ok: false, tooLarge: false, message: `The hub at ${this.where} did not answer within ${PUBLISH_REQUEST_TIMEOUT_MS / 1000} s.` };
      }
      return { ok: false, tooLarge: false, message: describeFetchError(error, this.url) };
    }
    const contentType = response.headers.get('content-type') ?? '';
    // The body is small (nchan's channel summary, or an error page); read it so the connection is reused.
    await response.arrayBuffer().catch(() => undefined);
    return this.judge(response.status, contentType);
  }

  private judge(status: number, contentType: string): PostOutcome {
    const statusText = `${status} ${STATUS_CODES[status] ?? ''}`.trim();
    const fail = (message: string, tooLarge = false): PostOutcome => ({ ok: false, tooLarge, message });
    if (status >= 200 && status < 300) {
      // A web page answering 200 to a POST is not a publisher: the lines went nowhere.
      if (/^\s*text\/html/i.test(contentType)) {
        return fail(`${this.where} answered the POST with a web page (${statusText}, text/html), not as an nchan publisher: check that --to names the hub's publisher location.`);
      }
      return { ok: true };
    }
    switch (status) {
      case 401:
      case 403:
        return fail(`The hub refused the publish (${statusText}): the --header values do not give access to this publisher location.`);
      case 404:
        return fail(`Nothing to publish to at this URL (${statusText}): check that --to names the hub's publisher location.`);
      case 405:
        return fail(`This URL does not take POSTs (${statusText}): --to must name the hub's publisher location (nchan_publisher), not its subscriber one.`);
      case 413:
        return fail(`The hub refused a batch as too large (${statusText}): raise client_max_body_size in its nginx configuration; sending smaller batches.`, true);
      case 502:
      case 503:
      case 504:
        return fail(`The hub is unavailable (${statusText}): nginx or its Redis may be down or restarting.`);
      default:
        if (status >= 300 && status < 400) {
          return fail(`The hub answered with a redirect (${statusText}); the publisher does not follow redirects: give the final URL to --to.`);
        }
        return fail(`The hub did not take the publish (${statusText}${/html/i.test(contentType) ? ', a web page' : ''}).`);
    }
  }
}
