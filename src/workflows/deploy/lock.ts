/**
 * Holding the host's deploy lock for the length of a deploy: taken atomically, a heartbeat
 * every few seconds, released on every way out (errors, abort, Ctrl-C through the
 * session's shutdown hooks).
 */
import { randomBytes } from 'node:crypto';
import { onShutdown } from '../../services/lifecycle.js';
import {
  HEARTBEAT_MS, isStale, STALE_AFTER_SEC, lockAcquireArgv, lockHeartbeatArgv, LockHeldError,
  LOCK_HELD_EXIT, lockReadArgv, lockReleaseArgv, parseLockRead, type LockInfo, type LockState,
} from '../../services/release/lock.js';
import { execFixed, remote, type DeployContext } from './context.js';
import { recordBase, writeAudit } from './record.js';

/** A lock this process holds. */
export interface HeldLock {
  info: LockInfo;
  /** Releases the lock (idempotent; works after an abort). */
  release(): Promise<void>;
}

/** Asked whether to break a stale lock; resolve true only on explicit confirmation. */
export type BreakStale = (state: LockState) => Promise<boolean>;

/** Reads the lock as it is on the host now. */
export async function readLock(ctx: DeployContext): Promise<LockState> {
  const r = await remote(ctx, 'reading the lock', lockReadArgv(ctx.layout.lock),
    { timeoutMs: 15_000 });
  return parseLockRead(r.stdout);
}

async function tryAcquire(ctx: DeployContext, info: LockInfo): Promise<boolean> {
  const r = await remote(ctx, 'taking the lock', lockAcquireArgv(ctx.layout.lock), {
    timeoutMs: 15_000, stdin: JSON.stringify(info), okCodes: [LOCK_HELD_EXIT],
  });
  return r.code === 0;
}

/** Breaks the exact lock that was shown, and audits it. */
export async function breakLock(ctx: DeployContext, state: LockState,
  releaseId: string): Promise<void> {
  if (!state.info) throw new LockHeldError(state, true);
  await remote(ctx, 'breaking the stale lock', lockReleaseArgv(ctx.layout.lock,
    state.info.token), { timeoutMs: 15_000, okCodes: [1] });
  await writeAudit(ctx, {
    at: new Date().toISOString(), event: 'lock-broken', result: 'ok', ...recordBase(ctx),
    releaseId, durations: {},
    note: `broke the lock of ${state.info.user} on ${state.info.host} (pid ${state.info.pid}, ` +
      `release ${state.info.releaseId}), heartbeat ${state.ageSec ?? '?'} s old`,
  });
}

function startHeartbeat(ctx: DeployContext, token: string): NodeJS.Timeout {
  const timer = setInterval(() => {
    execFixed(ctx, lockHeartbeatArgv(ctx.layout.lock, token), { timeoutMs: HEARTBEAT_MS,
      signal: AbortSignal.timeout(HEARTBEAT_MS) })
      .then((r) => {
        if (r.code !== 0) ctx.sink.line('lock', 'heartbeat failed: the lock is no longer ours');
      }, () => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return timer;
}

/** Takes the lock or throws LockHeldError naming the holder. */
export async function acquireLock(ctx: DeployContext, releaseId: string,
  breakStale?: BreakStale): Promise<HeldLock> {
  const info: LockInfo = {
    token: randomBytes(16).toString('hex'), user: ctx.operator.user, host: ctx.operator.host,
    pid: ctx.operator.pid, startedAt: new Date().toISOString(), releaseId,
  };
  let taken = await tryAcquire(ctx, info);
  if (!taken) {
    const state = await readLock(ctx);
    const stale = isStale(state);
    if (!stale || !breakStale || !(await breakStale(state))) {
      throw new LockHeldError(state, stale);
    }

    await breakLock(ctx, state, releaseId);
    taken = await tryAcquire(ctx, info);
    if (!taken) throw new LockHeldError(await readLock(ctx), false);
  }

  const timer = startHeartbeat(ctx, info.token);
  let released: Promise<void> | undefined;
  const release = (): Promise<void> => {
    clearInterval(timer);
    forget();
    released ??= remote(ctx, 'releasing the lock', lockReleaseArgv(ctx.layout.lock,
      info.token), { timeoutMs: 10_000, okCodes: [1], signal: AbortSignal.timeout(12_000) })
      .then(() => undefined, (err: unknown) => {
        // A later call may try again (after the connection comes back).
        released = undefined;
        ctx.sink.line('lock', `the lock was not released (${(err as Error).message}); it ` +
          `turns stale ${STALE_AFTER_SEC} s after the last heartbeat`);
        throw err;
      });
    return released;
  };
  const forget = onShutdown(() => release().catch(() => undefined));
  return { info, release };
}
