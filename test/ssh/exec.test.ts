import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { killTaggedArgv, taggedCommand } from '../../src/services/ssh/exec.js';

const run = promisify(execFile);

describe('taggedCommand', () => {
  it('prefixes the tag assignment', () => {
    expect(taggedCommand('ab12', `echo 'hi there'`)).toBe(`CORTEX_OPS_RUN=ab12 echo 'hi there'`);
  });

  it('refuses a tag that would need quoting', () => {
    expect(() => taggedCommand('a b', 'true')).toThrow();
  });
});

describe('killTaggedArgv', () => {
  it('is exactly this argv', () => {
    expect(killTaggedArgv('ab12')).toEqual(['sh', '-c', [
      'found=',
      'for sig in TERM KILL; do',
      '  for f in /proc/[0-9]*/environ; do',
      '    if tr "\\0" "\\n" <"$f" 2>/dev/null | grep -qx "$1"; then',
      '      p=${f#/proc/}; kill -s "$sig" "${p%/environ}" 2>/dev/null && found=1',
      '    fi',
      '  done',
      '  [ -z "$found" ] && break',
      '  [ "$sig" = TERM ] && sleep 1',
      'done; true',
    ].join('\n'), 'sh', 'CORTEX_OPS_RUN=ab12']);
  });

  it('kills a tagged process tree and leaves an untagged one alone', async () => {
    const tagged = spawn('sh', ['-c', 'sleep 4301 & wait'], {
      env: { ...process.env, CORTEX_OPS_RUN: 'feed01' }, stdio: 'ignore',
    });
    const other = spawn('sleep', ['4302'], {
      env: { ...process.env, CORTEX_OPS_RUN: 'feed02' }, stdio: 'ignore',
    });
    try {
      const exited = new Promise((resolve) => tagged.once('exit', (_c, sig) => resolve(sig)));
      const [cmd = '', ...args] = killTaggedArgv('feed01');
      await run(cmd, args);
      expect(await exited).toBe('SIGTERM');
      await expect(run('pgrep', ['-fx', 'sleep 4301'])).rejects.toMatchObject({ code: 1 });
      expect(other.exitCode).toBeNull();
    } finally {
      tagged.kill('SIGKILL');
      other.kill('SIGKILL');
    }
  });
});
