/**
 * Runs the dashboard's poller while the screen is mounted: opens the target (asking about
 * new SSH host keys through the prompts store), starts sweeping, and on unmount stops the
 * poller and releases the target. Nothing is probed until the console registers its session.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Config } from '../../config/schema.js';
import type { DashboardStore } from '../../state/dashboard.js';
import { sessionSignal } from '../../services/lifecycle.js';
import { getConsoleSession } from '../../workflows/sweep/session.js';
import type { Target } from '../../workflows/target.js';
import type { Poller } from '../../workflows/sweep/poller.js';

/** The sweep, SSH and Docker code loads when the dashboard first polls, not at startup. */
async function startPolling(config: Config, store: DashboardStore, signal: AbortSignal):
  Promise<{ target: Target; poller: Poller }> {
  const [{ openTarget }, { Poller: PollerClass }] = await Promise.all([
    import('../../workflows/target.js'), import('../../workflows/sweep/poller.js'),
  ]);
  const session = getConsoleSession() ?? {};
  const target = await openTarget(config, session, { kind: 'interactive' }, signal);
  return { target, poller: new PollerClass({ config, target, store, signal: sessionSignal }) };
}

/** What the screen can do with the running poller. */
export interface PollerHandle {
  refreshNow: () => void;
  /** Why nothing is polled, if so. */
  idleReason?: string;
}

/** Polls once `config` is there (the demo stack starts just after the first frame). */
export function usePoller(config: Config | undefined, store: DashboardStore): PollerHandle {
  const poller = useRef<Poller | undefined>(undefined);
  const [idleReason, setIdleReason] = useState<string | undefined>();

  useEffect(() => {
    if (!config) return undefined;
    const session = getConsoleSession();
    if (!session) {
      setIdleReason('no session is registered with the dashboard; nothing is probed');
      return undefined;
    }

    const leaving = new AbortController();
    let target: Target | undefined;
    store.getState().tick(Date.now());
    startPolling(config, store, AbortSignal.any([leaving.signal, sessionSignal])).then((p) => {
      target = p.target;
      if (leaving.signal.aborted) return void p.target.close();
      poller.current = p.poller;
      p.poller.start();
    }, (err: unknown) => setIdleReason(`cannot open the target: ${(err as Error).message}`));

    return () => {
      leaving.abort();
      const running = poller.current;
      poller.current = undefined;
      void (running?.stop() ?? Promise.resolve()).then(() => target?.close());
    };
  }, [config, store]);

  const refreshNow = useCallback(() => poller.current?.refreshNow(), []);
  return useMemo(() => ({ refreshNow, idleReason }), [refreshNow, idleReason]);
}
