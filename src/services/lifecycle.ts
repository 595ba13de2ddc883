/**
 * Process-wide shutdown: one AbortSignal that every workflow listens to, and hooks that run
 * (bounded in time) before the process leaves, whichever way it leaves. A deploy registers
 * its lock release here so Ctrl-C never leaves the host locked.
 */

type Hook = () => Promise<void> | void;

const controller = new AbortController();
const hooks = new Set<Hook>();
let running: Promise<void> | undefined;

/** Aborted when the session ends (quit, Ctrl-C, SIGTERM). */
export const sessionSignal: AbortSignal = controller.signal;

/** Registers a hook; returns a function that removes it. */
export function onShutdown(hook: Hook): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/**
 * Aborts the session signal and runs every hook, at most `timeoutMs` in all. Safe to call
 * more than once: later calls wait for the first.
 */
export function shutdown(timeoutMs = 15_000): Promise<void> {
  if (running) return running;
  controller.abort(new Error('cortex-ops is shutting down'));
  const all = Promise.allSettled([...hooks].map(async (h) => h())).then(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  running = Promise.race([all, limit]).finally(() => clearTimeout(timer));
  return running;
}
