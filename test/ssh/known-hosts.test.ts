import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendKnownHost, fingerprintSha256, keyTypeOfBlob, lookupHostKeys, matchPatternList,
  parseKnownHosts, verifyHostKey,
} from '../../src/services/ssh/known-hosts.js';

const run = promisify(execFile);
let dir: string;
const keys: Record<string, { line: string; blob: Buffer; type: string; pub: string }> = {};

async function makeKey(name: string, type: string): Promise<void> {
  const file = join(dir, name);
  await run('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', name, '-f', file]);
  const line = (await readFile(`${file}.pub`, 'utf8')).trim();
  const [keyType = '', b64 = ''] = line.split(' ');
  keys[name] = { line: `${keyType} ${b64}`, blob: Buffer.from(b64, 'base64'), type: keyType,
    pub: `${file}.pub` };
}

function key(name: string): { line: string; blob: Buffer; type: string; pub: string } {
  const k = keys[name];
  if (!k) throw new Error(`no key ${name}`);
  return k;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cortex-kh-'));
  await Promise.all([makeKey('a', 'ed25519'), makeKey('b', 'ed25519'), makeKey('c', 'ecdsa'),
    makeKey('r', 'rsa')]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('matchPatternList', () => {
  it.each([
    ['web1', 'web1', true],
    ['WEB1', 'web1', true],
    ['web1,web2', 'web2', true],
    ['web*', 'web42', true],
    ['web?', 'web42', false],
    ['web?', 'web4', true],
    ['*.example.com,!bad.example.com', 'ok.example.com', true],
    ['*.example.com,!bad.example.com', 'bad.example.com', false],
    ['!bad.example.com', 'ok.example.com', false],
    ['[10.0.0.5]:2222', '[10.0.0.5]:2222', true],
    ['10.0.0.5', '[10.0.0.5]:2222', false],
    ['*', '[10.0.0.5]:2222', true],
    ['web.1', 'webx1', false],
  ])('%s vs %s -> %s', (list, name, expected) => {
    expect(matchPatternList(list, name)).toBe(expected);
  });
});

describe('lookupHostKeys and verifyHostKey', () => {
  it('finds plain, comma-list and port entries by type', () => {
    const text = [
      '# comment', '',
      `web1,10.0.0.5 ${key('a').line}`,
      `[10.0.0.5]:2222 ${key('b').line}`,
      `10.0.0.5 ${key('c').line}`,
      'garbage line',
    ].join('\n');

    const on22 = lookupHostKeys(text, '10.0.0.5', 22);
    expect(on22.byType.get(key('a').type)).toEqual([key('a').blob]);
    expect(on22.byType.get(key('c').type)).toEqual([key('c').blob]);
    expect(lookupHostKeys(text, '10.0.0.5', 2222).byType.get(key('b').type))
      .toEqual([key('b').blob]);
    expect(lookupHostKeys(text, 'other', 22).byType.size).toBe(0);
  });

  it('matches hashed entries produced by ssh-keygen -H, on port 22 and others', async () => {
    const file = join(dir, 'hashed_hosts');
    await writeFile(file, `db.internal ${key('a').line}\n[db.internal]:2200 ${key('b').line}\n`);
    await run('ssh-keygen', ['-H', '-f', file]);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('db.internal');
    expect(parseKnownHosts(text).every((e) => e.hosts.startsWith('|1|'))).toBe(true);

    expect(verifyHostKey(text, 'db.internal', 22, key('a').blob)).toEqual({ kind: 'match' });
    expect(verifyHostKey(text, 'db.internal', 2200, key('b').blob)).toEqual({ kind: 'match' });
    expect(verifyHostKey(text, 'db.internal', 2200, key('a').blob).kind).toBe('changed');
    expect(verifyHostKey(text, 'db.other', 22, key('a').blob).kind).toBe('unknown');
  });

  it('reports unknown with the fingerprint and changed with both sides', () => {
    const text = `web1 ${key('a').line}\nweb1 ${key('c').line}\n`;
    expect(verifyHostKey(text, 'web2', 22, key('b').blob))
      .toEqual({ kind: 'unknown', fingerprint: fingerprintSha256(key('b').blob) });
    expect(verifyHostKey(text, 'web1', 22, key('b').blob)).toEqual({
      kind: 'changed',
      expected: [fingerprintSha256(key('a').blob), fingerprintSha256(key('c').blob)],
      got: fingerprintSha256(key('b').blob),
    });
  });

  it('refuses a revoked key even when it is also listed, and ignores cert-authority', () => {
    const text = [
      `@revoked * ${key('a').line}`,
      `web1 ${key('a').line}`,
      `@cert-authority web2 ${key('b').line}`,
    ].join('\n');
    expect(verifyHostKey(text, 'web1', 22, key('a').blob).kind).toBe('revoked');
    expect(verifyHostKey(text, 'web2', 22, key('b').blob).kind).toBe('unknown');
    expect(lookupHostKeys(text, 'web1', 22).revoked).toEqual([key('a').blob]);
  });

  it('honours negation inside an entry', () => {
    const text = `*.corp,!evil.corp ${key('a').line}\n`;
    expect(verifyHostKey(text, 'good.corp', 22, key('a').blob).kind).toBe('match');
    expect(verifyHostKey(text, 'evil.corp', 22, key('a').blob).kind).toBe('unknown');
  });
});

describe('fingerprintSha256', () => {
  it.each(['a', 'c', 'r'])('equals ssh-keygen -lf for key %s', async (name) => {
    const { stdout } = await run('ssh-keygen', ['-lf', key(name).pub]);
    expect(fingerprintSha256(key(name).blob)).toBe(stdout.split(' ')[1]);
  });

  it('reads the key type from the blob', () => {
    expect(keyTypeOfBlob(key('a').blob)).toBe('ssh-ed25519');
    expect(keyTypeOfBlob(key('r').blob)).toBe('ssh-rsa');
  });
});

describe('appendKnownHost', () => {
  it('creates the file with mode 600 and appends without touching existing lines', async () => {
    const file = join(dir, 'sub', 'known_hosts');
    await appendKnownHost(file, 'Web1', 22, key('a').type, key('a').blob);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    await writeFile(file, `${await readFile(file, 'utf8')}# kept as is`);
    const before = await readFile(file, 'utf8');
    await appendKnownHost(file, '10.0.0.5', 2222, key('b').type, key('b').blob);
    const after = await readFile(file, 'utf8');

    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe(`\n[10.0.0.5]:2222 ${key('b').line}\n`);
    expect(verifyHostKey(after, 'web1', 22, key('a').blob).kind).toBe('match');
  });

  it('writes lines that ssh-keygen -F finds', async () => {
    const file = join(dir, 'kh2');
    await appendKnownHost(file, '127.0.0.1', 2022, key('a').type, key('a').blob);
    const { stdout } = await run('ssh-keygen', ['-F', '[127.0.0.1]:2022', '-f', file]);
    expect(stdout).toContain(key('a').line);
  });
});
