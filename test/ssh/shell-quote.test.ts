import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { quoteArg, quoteArgv } from '../../src/services/shell-quote.js';

const run = promisify(execFile);

describe('quoteArg', () => {
  it.each([
    ['docker', 'docker'],
    ['--format={{json .}}', `'--format={{json .}}'`],
    ['', `''`],
    ['a b', `'a b'`],
    [`it's`, `'it'\\''s'`],
    ['$HOME', `'$HOME'`],
    ['`id`', `'\`id\`'`],
    ['line1\nline2', `'line1\nline2'`],
    ['naïve ☃', `'naïve ☃'`],
    ['/srv/app-1/data.json', '/srv/app-1/data.json'],
    ['user@host:path', 'user@host:path'],
    ['~', `'~'`],
    ['*', `'*'`],
    ['a;b', `'a;b'`],
    ['\\', `'\\'`],
    [`''`, `''\\'''\\'''`],
  ])('%j -> %s', (input, expected) => {
    expect(quoteArg(input)).toBe(expected);
  });
});

describe('quoteArgv', () => {
  it('joins words with spaces', () => {
    expect(quoteArgv(['docker', 'ps', '-a', '--format', '{{.Names}}']))
      .toBe(`docker ps -a --format '{{.Names}}'`);
  });

  it('quotes a first word that would be an assignment or a reserved word', () => {
    expect(quoteArgv(['A=1', 'B=2'])).toBe(`'A=1' B=2`);
    expect(quoteArgv(['if'])).toBe(`'if'`);
  });

  it('refuses an empty argv', () => {
    expect(() => quoteArgv([])).toThrow();
  });
});

describe('round trip through a real sh -c', () => {
  const nasty = [
    '', ' ', 'plain', `it's`, '"dq"', '$HOME', '${PATH}', '`id`', '$(id)', 'a\nb', '\t',
    'naïve ☃ 日本', '*', '?', '~', '!', '#', ';', '&&', '|', '>', '<', '\\', `'`, `''`,
    '--x=y', 'A=B', '-', '--',
  ];

  it('gives back exactly the same argv', async () => {
    const command = quoteArgv(['printf', '%s\\0', ...nasty]);
    const { stdout } = await run('sh', ['-c', command]);
    expect(stdout.split('\0').slice(0, -1)).toEqual(nasty);
  });

  it('runs an assignment-looking first word as a command name', async () => {
    const command = quoteArgv(['A=1']);
    await expect(run('sh', ['-c', command])).rejects.toMatchObject({ code: 127 });
  });
});
