import { describe, expect, it } from 'vitest';
import { sourceStreamUrl } from './stream-url.js';

describe('sourceStreamUrl', () => {
  it('is the per-source events route of the server, without the token', () => {
    expect(sourceStreamUrl('http://127.0.0.1:4000', 'file-app.log-1a2b')).toBe('http://127.0.0.1:4000/api/sources/file-app.log-1a2b/events');
    expect(sourceStreamUrl('http://127.0.0.1:4000/', 'a b/c')).toBe('http://127.0.0.1:4000/api/sources/a%20b%2Fc/events');
  });
});
