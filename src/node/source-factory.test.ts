import { describe, expect, it } from 'vitest';
import { TailstreamError } from '../shared/errors.js';
import { SourceHub } from './hub/source-hub.js';
import { SourceFactory } from './source-factory.js';

describe('SourceFactory', () => {
  it('refuses remote URLs that are not http(s) with bad_url', async () => {
    const hub = new SourceHub();
    const sources = new SourceFactory(hub);
    for (const url of ['ftp://x/', 'not a url', 'javascript:alert(1)']) {
      let thrown: unknown;
      try {
        sources.addRemote(url);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TailstreamError);
      expect((thrown as TailstreamError).code).toBe('bad_url');
      expect((thrown as TailstreamError).status).toBe(400);
    }
    expect(hub.list()).toEqual([]);
    await hub.close();
  });

  it('never shows header values, user info or secret query values in a remote target', async () => {
    const hub = new SourceHub();
    const sources = new SourceFactory(hub);
    const info = sources.addRemote('https://user:pw@127.0.0.1:1/stream?channel=a&access_token=s3cret', {
      Authorization: 'Bearer hunter2',
    });
    expect(info.target).toMatch(/^https:\/\/127\.0\.0\.1:1\/stream\?channel=a&access_token=/);
    expect(JSON.stringify(hub.list())).not.toMatch(/hunter2|s3cret|pw@|user/);
    await hub.close();
  });
});
