import { execFile } from 'node:child_process';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  describeHolder, isStale, lockAcquireArgv, lockHeartbeatArgv, LockHeldError, lockReadArgv,
  lockReleaseArgv, parseLockRead, type LockInfo,
} from '../../src/services/release/lock.js';

function run(argv: string[], stdin = ''): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(argv[0]!, argv.slice(1), (err, stdout) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout });
    });
    // Some lock scripts exit without reading stdin; the EPIPE that can follow is expected.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(stdin);
  });
}

const info = (token: string): LockInfo => ({
  token, user: 'alice', host: 'laptop', pid: 42, startedAt: '2026-12-03T10:00:00Z',
  releaseId: '20261203T100000Z-aaaa',
});
const T1 = 'a'.repeat(32);
const T2 = 'b'.repeat(32);

describe('lock scripts', () => {
  let dir: string;
  let lock: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cx-lock-'));
    lock = join(dir, 'base', 'lock');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('one of two takers wins; the other sees the holder', async () => {
    const [a, b] = await Promise.all([
      run(lockAcquireArgv(lock), JSON.stringify(info(T1))),
      run(lockAcquireArgv(lock), JSON.stringify(info(T2))),
    ]);
    expect([a.code, b.code].sort()).toEqual([0, 75]);
    const state = parseLockRead((await run(lockReadArgv(lock))).stdout);
    expect([T1, T2]).toContain(state.info?.token);
    expect(state.ageSec).toBeLessThan(5);
    expect(isStale(state)).toBe(false);
  });

  it('only the token holder heartbeats and releases', async () => {
    await run(lockAcquireArgv(lock), JSON.stringify(info(T1)));
    expect((await run(lockHeartbeatArgv(lock, T2))).code).not.toBe(0);
    expect((await run(lockReleaseArgv(lock, T2))).code).not.toBe(0);
    expect((await run(lockHeartbeatArgv(lock, T1))).code).toBe(0);
    expect((await run(lockReleaseArgv(lock, T1))).code).toBe(0);
    expect(parseLockRead((await run(lockReadArgv(lock))).stdout)).toEqual({});
  });

  it('an old heartbeat is stale', async () => {
    await run(lockAcquireArgv(lock), JSON.stringify(info(T1)));
    const old = new Date(Date.now() - 600_000);
    await utimes(join(lock, 'heartbeat'), old, old);
    const state = parseLockRead((await run(lockReadArgv(lock))).stdout);
    expect(state.ageSec).toBeGreaterThanOrEqual(599);
    expect(isStale(state)).toBe(true);
    expect(new LockHeldError(state, true).message).toMatch(/stale: alice on laptop \(pid 42\)/);
  });

  it('describes the holder in one line', () => {
    expect(describeHolder({ info: info(T1), ageSec: 3 })).toBe('alice on laptop (pid 42), ' +
      'release 20261203T100000Z-aaaa, since 2026-12-03T10:00:00Z, heartbeat 3 s ago');
    expect(() => lockReleaseArgv(lock, 'x; rm -rf /')).toThrow(/token/);
  });
});
