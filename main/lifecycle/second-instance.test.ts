import { describe, expect, it } from 'vitest';
import { encodeLaunchRequest, readLaunchRequest } from './second-instance.js';

const context = { defaultApp: false, cwd: '/home/ana' };

describe('second launch', () => {
  it('round-trips the files of the second launch', () => {
    const data = encodeLaunchRequest(['/opt/tailstream', '--no-sandbox', 'a.log', '/var/log/syslog'], context);
    expect(data).toEqual({ paths: ['/home/ana/a.log', '/var/log/syslog'] });
    expect(readLaunchRequest(JSON.parse(JSON.stringify(data)), [], context)).toEqual(['/home/ana/a.log', '/var/log/syslog']);
  });

  it('drops malformed entries from another process', () => {
    expect(readLaunchRequest({ paths: ['/ok.log', 'relative.log', 5, '/nul\0.log', '/ok.log'] }, [], context)).toEqual(['/ok.log']);
  });

  it('falls back to the argv when there is no usable data', () => {
    expect(readLaunchRequest(undefined, ['/opt/tailstream', 'b.log'], { defaultApp: false, cwd: '/tmp' })).toEqual(['/tmp/b.log']);
    expect(readLaunchRequest({ paths: 'nope' }, ['/opt/tailstream', 'b.log'], { defaultApp: false, cwd: '/tmp' })).toEqual(['/tmp/b.log']);
  });
});
