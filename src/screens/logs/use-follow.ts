/** Follows the logs while the Logs tab is mounted; stops the followers on unmount. */
import { useEffect, useMemo, useState } from 'react';
import type { Config } from '../../config/schema.js';
import { LogBuffer } from '../../state/logs.js';
import { Redactor } from '../../services/redact.js';
import { sessionSignal } from '../../services/lifecycle.js';
import { getConsoleSession } from '../../workflows/sweep/session.js';
import type { Target } from '../../workflows/target.js';

/** The buffer the screen shows, the followed sources and why nothing follows, if so. */
export function useFollow(config: Config): { buffer: LogBuffer; sources: string[];
  idleReason?: string } {
  const buffer = useMemo(() => new LogBuffer(), []);
  const [sources, setSources] = useState<string[]>([]);
  const [idleReason, setIdleReason] = useState<string | undefined>();

  useEffect(() => {
    const session = getConsoleSession();
    if (!session) {
      setIdleReason('no session is registered with the console; no logs are followed');
      return undefined;
    }

    const leaving = new AbortController();
    const signal = AbortSignal.any([leaving.signal, sessionSignal]);
    let target: Target | undefined;
    // SSH and Docker code loads when the Logs tab first opens, not at startup.
    const modules = Promise.all([
      import('../../workflows/target.js'), import('../../workflows/sweep/log-follow.js'),
    ]);
    modules.then(async ([{ openTarget }, follow]) => {
        const t = await openTarget(config, session, { kind: 'interactive' }, signal);
        target = t;
        if (signal.aborted) return void t.close();
        setSources(follow.logSources(config, t).map(([s]) => s));
        void follow.followAll(config, t, buffer, signal, new Redactor());
      }).catch((err: unknown) => {
        if (!signal.aborted) setIdleReason(`cannot open the target: ${(err as Error).message}`);
      });

    return () => {
      leaving.abort();
      buffer.dispose();
      void target?.close();
    };
  }, [config, buffer]);

  return { buffer, sources, idleReason };
}
