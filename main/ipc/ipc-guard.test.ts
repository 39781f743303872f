import { describe, expect, it } from 'vitest';
import { TailstreamError } from '../../src/shared/errors.js';
import { guardIpcHandler, handleGuarded, readSenderFrame, type InvokeEventLike } from './ipc-guard.js';
import { noArguments, pathListArgument } from './validate.js';

const appFrame = { url: 'app://tailstream/index.html', parent: null };
const fromApp: InvokeEventLike = { senderFrame: appFrame };

describe('guardIpcHandler', () => {
  it('runs the handler for the app’s page with valid arguments', async () => {
    const handler = guardIpcHandler('t', pathListArgument, (paths) => paths.map((p) => p.toUpperCase()));
    await expect(handler(fromApp, ['/a.log'])).resolves.toEqual({ ok: true, value: ['/A.LOG'] });
  });

  it('refuses other origins, sub-frames and missing frames before validating or running', async () => {
    let ran = 0;
    const handler = guardIpcHandler('t', noArguments, () => ++ran);
    const events: InvokeEventLike[] = [
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'app://tailstream/index.html', parent: appFrame } },
      { senderFrame: null },
      {
        get senderFrame(): never {
          throw new Error('Render frame was disposed');
        },
      },
    ];
    for (const event of events) {
      await expect(handler(event)).resolves.toMatchObject({ ok: false, error: { code: 'forbidden_origin' } });
    }
    expect(ran).toBe(0);
  });

  it('answers invalid arguments with the validator’s error, without running', async () => {
    let ran = false;
    const handler = guardIpcHandler('t', pathListArgument, () => {
      ran = true;
    });
    await expect(handler(fromApp, 'not-a-list')).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(ran).toBe(false);
  });

  it('keeps the code of expected errors', async () => {
    const handler = guardIpcHandler('t', noArguments, () => {
      throw new TailstreamError('bad_url', 'Not an http(s) URL: ftp://x', 400);
    });
    await expect(handler(fromApp)).resolves.toEqual({ ok: false, error: { code: 'bad_url', message: 'Not an http(s) URL: ftp://x' } });
  });

  it('turns unexpected errors into `internal` and reports them', async () => {
    const reported: Array<[string, unknown]> = [];
    const handler = guardIpcHandler(
      'tailstream:x',
      noArguments,
      async () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
      (channel, error) => reported.push([channel, error]),
    );
    await expect(handler(fromApp)).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'EACCES: permission denied' } });
    expect(reported).toHaveLength(1);
    expect(reported[0]?.[0]).toBe('tailstream:x');
  });
});

describe('handleGuarded', () => {
  it('registers the guarded handler on the channel', async () => {
    const registered = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>>();
    handleGuarded({ handle: (channel, listener) => registered.set(channel, listener) }, 'tailstream:ping', noArguments, () => 'pong');
    const listener = registered.get('tailstream:ping');
    await expect(listener?.(fromApp)).resolves.toEqual({ ok: true, value: 'pong' });
    await expect(listener?.({ senderFrame: { url: 'http://x/', parent: null } })).resolves.toMatchObject({ ok: false });
  });
});

describe('readSenderFrame', () => {
  it('reports the URL and whether the frame is the top-level one', () => {
    expect(readSenderFrame(fromApp)).toEqual({ url: 'app://tailstream/index.html', isMainFrame: true });
    expect(readSenderFrame({ senderFrame: { url: 'app://tailstream/', parent: appFrame } })).toEqual({ url: 'app://tailstream/', isMainFrame: false });
  });
});
