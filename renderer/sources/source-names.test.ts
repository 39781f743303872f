import { describe, expect, it } from 'vitest';
import { sourceNames } from './source-names.js';

const file = (id: string, target: string) => ({ id, kind: 'file' as const, target });
const remote = (id: string, target: string) => ({ id, kind: 'remote' as const, target });

describe('sourceNames', () => {
  it('keeps the short names when they already differ', () => {
    const names = sourceNames([file('a', '/var/log/app.log'), remote('b', 'https://logs.example.com/events'), remote('c', 'https://other.example.com/')]);
    expect([...names.values()]).toEqual(['app.log', 'logs.example.com/events', 'other.example.com']);
  });

  it('shows the path and query, not the shared host, for two streams of one host', () => {
    const names = sourceNames([
      remote('a', 'http://127.0.0.1:8080/sub/app?channel=web'),
      remote('b', 'http://127.0.0.1:8080/sub/app?channel=db'),
      remote('c', 'http://127.0.0.1:8080/sub/worker'),
    ]);
    expect([...names.values()]).toEqual(['/sub/app?channel=web', '/sub/app?channel=db', '/sub/worker']);
  });

  it('adds the parent folder for files of one name, and a number for the same target twice', () => {
    const names = sourceNames([file('a', '/srv/web/app.log'), file('b', '/srv/db/app.log'), remote('c', 'https://h/e'), remote('c-2', 'https://h/e')]);
    expect([...names.values()]).toEqual(['web/app.log', 'db/app.log', '/e', '/e #2']);
  });
});
