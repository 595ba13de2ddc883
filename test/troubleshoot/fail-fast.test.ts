import { describe, expect, it } from 'vitest';
import { FailFastHost } from '../../src/workflows/runbooks/fail-fast.js';
import type { TroubleshootHost } from '../../src/workflows/runbooks/host.js';
import {
  SshCommandTimeoutError, SshUnreachableError,
} from '../../src/services/ssh/errors.js';

/** A host whose every call throws what it is told, counting the calls. */
function failingHost(err: () => Error) {
  const calls: string[] = [];
  const fail = async (what: string): Promise<never> => {
    calls.push(what);
    throw err();
  };
  const host: TroubleshootHost = {
    label: 'h', readFile: () => fail('readFile'), exec: () => fail('exec'),
    containers: () => fail('containers'), logs: () => fail('logs'), stop: () => fail('stop'),
    start: () => fail('start'), dial: () => fail('dial'),
  };
  return { host, calls };
}

const opts = { signal: new AbortController().signal, timeoutMs: 1000 };

describe('FailFastHost', () => {
  it('stops calling an unreachable host until the hold time passes', async () => {
    let now = 0;
    const { host, calls } = failingHost(() =>
      new SshUnreachableError('h', 22, 'timeout', 'no answer'));
    const fast = new FailFastHost(host, 30_000, () => now);
    await expect(fast.exec(['true'], opts)).rejects.toBeInstanceOf(SshUnreachableError);
    await expect(fast.containers(opts)).rejects.toBeInstanceOf(SshUnreachableError);
    await expect(fast.readFile('/x', opts)).rejects.toBeInstanceOf(SshUnreachableError);
    expect(calls).toEqual(['exec']);
    now = 30_000;
    await expect(fast.logs('c', 5, opts)).rejects.toBeInstanceOf(SshUnreachableError);
    expect(calls).toEqual(['exec', 'logs']);
  });

  it('keeps calling when only one command timed out', async () => {
    const { host, calls } = failingHost(() => new SshCommandTimeoutError('h', 'ss', 1000));
    const fast = new FailFastHost(host);
    await expect(fast.exec(['ss'], opts)).rejects.toThrow();
    await expect(fast.exec(['ss'], opts)).rejects.toThrow();
    expect(calls).toEqual(['exec', 'exec']);
  });
});
