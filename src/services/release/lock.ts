/**
 * The deploy lock on the host: `mkdir` is atomic, so exactly one deploy creates the lock
 * directory. Inside it, info.json says who holds it and a heartbeat file is touched while
 * the deploy runs; a lock whose heartbeat stopped is stale, and is broken only when a
 * person says so (and the audit log records it).
 */

/** Who holds the lock. */
export interface LockInfo {
  /** A random token: only the holder's token releases the lock. */
  token: string;
  user: string;
  host: string;
  pid: number;
  /** ISO time the lock was taken. */
  startedAt: string;
  releaseId: string;
}

/** The lock as read from the host. */
export interface LockState {
  info?: LockInfo;
  /** Seconds since the heartbeat, when there is a lock. */
  ageSec?: number;
}

/** Seconds without a heartbeat after which a lock counts as stale. */
export const STALE_AFTER_SEC = 90;
/** How often the holder touches the heartbeat. */
export const HEARTBEAT_MS = 10_000;
/** Exit status of acquire when someone else holds the lock. */
export const LOCK_HELD_EXIT = 75;

function sh(script: string, ...args: string[]): string[] {
  return ['sh', '-c', script, 'sh', ...args];
}

/** Creates the lock directory and writes info.json from stdin; exits 75 when held. */
export function lockAcquireArgv(lockDir: string): string[] {
  return sh([
    'mkdir -p "$(dirname "$1")"',
    `mkdir "$1" 2>/dev/null || exit ${LOCK_HELD_EXIT}`,
    'cat > "$1/info.json" && touch "$1/heartbeat"',
  ].join('\n'), lockDir);
}

/** Prints info.json, then `now=SECONDS beat=SECONDS`. */
export function lockReadArgv(lockDir: string): string[] {
  return sh([
    'cat "$1/info.json" 2>/dev/null; echo',
    'printf "now=%s beat=%s\\n" "$(date +%s)" "$(stat -c %Y "$1/heartbeat" 2>/dev/null || echo 0)"',
  ].join('\n'), lockDir);
}

/** Touches the heartbeat if the lock is still ours; exits 1 when it is not. */
export function lockHeartbeatArgv(lockDir: string, token: string): string[] {
  return sh('grep -qF "$2" "$1/info.json" 2>/dev/null && touch "$1/heartbeat"', lockDir,
    checkToken(token));
}

/**
 * Removes the lock only if it carries `token`: the holder releasing its own lock, or a
 * person breaking the exact stale lock they were shown (not one taken since).
 */
export function lockReleaseArgv(lockDir: string, token: string): string[] {
  return sh('grep -qF "$2" "$1/info.json" 2>/dev/null && rm -rf -- "$1"', lockDir,
    checkToken(token));
}

function checkToken(token: string): string {
  if (!/^[a-f0-9]{16,64}$/.test(token)) throw new Error('bad lock token');
  return token;
}

/** Parses lockReadArgv's output. */
export function parseLockRead(stdout: string): LockState {
  const lines = stdout.split('\n');
  const clock = lines.map((l) => /^now=(\d+) beat=(\d+)$/.exec(l)).find(Boolean);
  const json = lines.filter((l) => !/^now=/.test(l)).join('\n').trim();
  if (json === '') return {};
  let info: LockInfo | undefined;
  try {
    info = JSON.parse(json) as LockInfo;
  } catch {
    info = undefined;
  }

  const now = Number(clock?.[1] ?? 0);
  const beat = Number(clock?.[2] ?? 0);
  return { info, ageSec: beat > 0 ? Math.max(0, now - beat) : undefined };
}

/** Whether a lock's heartbeat stopped long enough ago to call it stale. */
export function isStale(state: LockState, staleAfterSec = STALE_AFTER_SEC): boolean {
  return state.ageSec === undefined || state.ageSec > staleAfterSec;
}

/** One line about a holder: `alice on laptop (pid 42), release …, since …`. */
export function describeHolder(state: LockState): string {
  const i = state.info;
  const age = state.ageSec === undefined ? 'no heartbeat' : `heartbeat ${state.ageSec} s ago`;
  if (!i) return `an unreadable lock (${age})`;
  return `${i.user} on ${i.host} (pid ${i.pid}), release ${i.releaseId}, since ` +
    `${i.startedAt}, ${age}`;
}

/** Another deploy holds the lock. */
export class LockHeldError extends Error {
  override name = 'LockHeldError';
  readonly userFacing = true;

  constructor(readonly state: LockState, readonly stale: boolean) {
    super(stale
      ? `the host's deploy lock is stale: ${describeHolder(state)}; if that deploy is ` +
        'gone, break the lock from the Deploy tab (it is audited)'
      : `another deploy is running: ${describeHolder(state)}; wait for it to finish`);
  }
}
