/* global document, EventSource, AbortController, HTMLImageElement, HTMLScriptElement, HTMLIFrameElement, HTMLLinkElement */
/**
 * The attacks of the hostile-page tests, as browser JavaScript: Playwright runs `runAttacksInPage`
 * inside the attacker's page, exactly as the page's own script would run. Plain JavaScript
 * because the project's Node-side TypeScript has no DOM types, on purpose; the shapes are
 * declared in attacks.page.d.ts.
 */

/**
 * Tries every way a page can reach the server and returns what each could read (`read`: the
 * status and body it saw, or null when it saw nothing): fetch in every mode, with and without
 * credentials and the token, preflighted methods, EventSource, `<img>`, `<script>`, `<link>`,
 * `<iframe>`, form posts (plain and JSON-looking), and a port scan.
 */
export async function runAttacksInPage(p) {
  const results = [];
  const note = (name, read) => {
    results.push({ name, read });
  };
  const q = p.token === '' ? '' : `?token=${encodeURIComponent(p.token)}`;
  const api = (path) => `${p.target}${path}${q}`;
  const body = JSON.stringify({ kind: 'remote', url: p.canaryUrl });
  const fileBody = JSON.stringify({ kind: 'file', path: '/etc/passwd' });

  // Reads whatever the answer lets the page read, for at most `waitMs` (a stream never ends).
  const tryFetch = async (name, url, init) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), p.waitMs);
    try {
      const answer = await fetch(url, { ...init, signal: controller.signal });
      if (answer.type === 'opaque') {
        note(name, null);
        return;
      }
      let text = '';
      const reader = answer.body?.getReader();
      const decoder = new TextDecoder();
      try {
        for (let chunk = await reader?.read(); chunk !== undefined && !chunk.done; chunk = await reader?.read()) {
          text += decoder.decode(chunk.value, { stream: true });
        }
      } catch {
        // aborted mid-stream: keep what was read
      }
      note(name, `${answer.status} ${text.slice(0, 300)}`);
    } catch {
      note(name, null);
    } finally {
      clearTimeout(timer);
    }
  };
  const fetches = [
    ['fetch GET /api/sources', api('/api/sources'), {}],
    ['fetch GET /api/sources with credentials', api('/api/sources'), { credentials: 'include' }],
    ['fetch GET /api/sources no-cors with credentials', api('/api/sources'), { mode: 'no-cors', credentials: 'include' }],
    ['fetch GET /api/health', api('/api/health'), { credentials: 'include' }],
    ['fetch GET events', api(`/api/sources/${p.sourceId}/events`), { credentials: 'include' }],
    ['fetch GET with Bearer header (preflighted)', `${p.target}/api/sources`, { headers: { Authorization: `Bearer ${p.token}` } }],
    ['fetch POST remote source, JSON (preflighted)', api('/api/sources'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, credentials: 'include' }],
    ['fetch POST remote source, text/plain no-cors', api('/api/sources'), { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body, credentials: 'include' }],
    ['fetch POST file source, no-cors', api('/api/sources'), { method: 'POST', mode: 'no-cors', body: fileBody, credentials: 'include' }],
    ['fetch DELETE source (preflighted)', api(`/api/sources/${p.sourceId}`), { method: 'DELETE', credentials: 'include' }],
    ['fetch GET console page', `${p.target}/${q}`, { credentials: 'include' }],
  ];
  for (const [name, url, init] of fetches) await tryFetch(name, url, init);

  const tryEventSource = (name, url, withCredentials) =>
    new Promise((resolve) => {
      const es = new EventSource(url, { withCredentials });
      let read = null;
      const take = (event) => {
        read = `${read ?? ''}${event.data}`;
      };
      for (const type of ['message', 'lines', 'status', 'reset', 'gap', 'notice']) es.addEventListener(type, take);
      let finished = false;
      const done = () => {
        if (finished) return;
        finished = true;
        es.close();
        note(name, read);
        resolve();
      };
      es.onerror = done;
      setTimeout(done, p.waitMs);
    });

  const tryTag = (name, tag, url) =>
    new Promise((resolve) => {
      const element = document.createElement(tag);
      let finished = false;
      const done = (outcome) => {
        if (finished) return;
        finished = true;
        element.remove();
        // A tag reveals one bit (load or error), never the answer's content.
        note(`${name} (${outcome})`, null);
        resolve();
      };
      element.addEventListener('load', () => done('load'));
      element.addEventListener('error', () => done('error'));
      setTimeout(() => done('timeout'), p.waitMs);
      if (element instanceof HTMLImageElement || element instanceof HTMLScriptElement || element instanceof HTMLIFrameElement) element.src = url;
      else if (element instanceof HTMLLinkElement) {
        element.rel = 'stylesheet';
        element.href = url;
      }
      document.body.appendChild(element);
    });

  const tryForm = (name, fields, enctype) =>
    new Promise((resolve) => {
      const frame = document.createElement('iframe');
      frame.name = `sink-${name.replace(/\W/g, '')}`;
      document.body.appendChild(frame);
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = api('/api/sources');
      form.enctype = enctype;
      form.target = frame.name;
      for (const [field, value] of Object.entries(fields)) {
        const input = document.createElement('input');
        input.name = field;
        input.value = value;
        form.appendChild(input);
      }
      document.body.appendChild(form);
      let readable = null;
      frame.addEventListener('load', () => {
        try {
          readable = frame.contentDocument?.body?.textContent ?? null;
        } catch {
          readable = null; // cross-origin: unreadable
        }
      });
      form.submit();
      setTimeout(() => {
        form.remove();
        frame.remove();
        note(name, readable === '' ? null : readable);
        resolve();
      }, p.waitMs);
    });

  const events = api(`/api/sources/${p.sourceId}/events`);
  await Promise.all([
    tryEventSource('EventSource', events, false),
    tryEventSource('EventSource with credentials', events, true),
    tryTag('<img> on the stream', 'img', events),
    tryTag('<img> on the source list', 'img', api('/api/sources')),
    tryTag('<script> on the source list', 'script', api('/api/sources')),
    tryTag('<script> on the stream', 'script', events),
    tryTag('<link> on the source list', 'link', api('/api/sources')),
    tryTag('<iframe> on the stream', 'iframe', events),
    tryForm('form POST, text/plain JSON', { [`${body.slice(0, -1)},"pad":"`]: '"}' }, 'text/plain'),
    tryForm('form POST, urlencoded', { kind: 'remote', url: p.canaryUrl }, 'application/x-www-form-urlencoded'),
  ]);

  for (const port of p.scanPorts) {
    await tryFetch(`scan port ${port}`, `http://127.0.0.1:${port}/api/sources`, { credentials: 'include' });
  }
  return results;
}

/** Opens `n` iframes on `src` and leaves them loading: a page's way to hold connections open. */
export function holdFramesInPage({ src, n }) {
  for (let i = 0; i < n; i++) {
    const frame = document.createElement('iframe');
    frame.src = `${src}${src.includes('?') ? '&' : '?'}frame=${i}`;
    document.body.appendChild(frame);
  }
}
