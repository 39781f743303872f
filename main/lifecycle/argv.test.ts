import { describe, expect, it } from 'vitest';
import { parseFileArgs } from './argv.js';

const packaged = { defaultApp: false, cwd: '/home/ana/logs' };
const dev = { defaultApp: true, cwd: '/home/ana/logs' };

describe('parseFileArgs', () => {
  it('returns the files of a packaged launch, resolved against the working directory', () => {
    expect(parseFileArgs(['/opt/Tailstream/tailstream', 'app.log', '/var/log/syslog', '../x.log'], packaged)).toEqual([
      '/home/ana/logs/app.log',
      '/var/log/syslog',
      '/home/ana/x.log',
    ]);
  });

  it('skips the app path of a development launch (`electron . FILE`)', () => {
    expect(parseFileArgs(['/x/electron', '.', 'app.log'], dev)).toEqual(['/home/ana/logs/app.log']);
    expect(parseFileArgs(['/x/electron', 'dist/main/main.cjs', 'app.log'], dev)).toEqual(['/home/ana/logs/app.log']);
  });

  it('skips Chromium, Electron and macOS switches wherever they appear', () => {
    const argv = [
      '/x/electron', '--no-sandbox', '--inspect=0', '--remote-debugging-port=0', 'dist/main/main.cjs',
      '--enable-logging', 'a.log', '-psn_0_12345', '--original-process-start-time=1', 'b.log',
    ];
    expect(parseFileArgs(argv, dev)).toEqual(['/home/ana/logs/a.log', '/home/ana/logs/b.log']);
  });

  it('treats everything after `--` as a path', () => {
    expect(parseFileArgs(['/x/tailstream', '--', '-weird.log', '--also.log'], packaged)).toEqual([
      '/home/ana/logs/-weird.log',
      '/home/ana/logs/--also.log',
    ]);
  });

  it('turns file:// URLs into paths and ignores other URLs', () => {
    expect(parseFileArgs(['/x/tailstream', 'file:///var/log/a%20b.log', 'https://example.com/x', 'app://tailstream/'], packaged)).toEqual([
      '/var/log/a b.log',
    ]);
  });

  it('drops duplicates, blanks and NUL bytes', () => {
    expect(parseFileArgs(['/x/tailstream', 'a.log', './a.log', '', '  ', 'b\0.log'], packaged)).toEqual(['/home/ana/logs/a.log']);
  });

  it('returns nothing for a bare launch', () => {
    expect(parseFileArgs(['/x/tailstream'], packaged)).toEqual([]);
    expect(parseFileArgs(['/x/electron', '.'], dev)).toEqual([]);
    expect(parseFileArgs([], packaged)).toEqual([]);
  });
});
