/**
 * Where the Troubleshoot tab gets its store and controller: from <TroubleshootDeps> when a
 * test (or another host) provides them, otherwise the console's shared store and a
 * controller over the console's session (the demo stack, or the SSH host of the config).
 */
import React, { createContext, useContext, useEffect, useMemo } from 'react';
import { useApp, useConfig } from '../../components/context.js';
import { troubleshootStore, type TroubleshootStore } from '../../state/troubleshoot.js';
import {
  createTroubleshootController, type TroubleshootController,
} from '../../workflows/runbooks/controller.js';
import { openTroubleshoot } from '../../workflows/runbooks/context.js';
import { getConsoleSession } from '../../workflows/sweep/session.js';
import { writeSnapshot } from '../../workflows/snapshot/index.js';

/** What the tab runs against. */
export interface TroubleshootDepsValue {
  store: TroubleshootStore;
  controller: TroubleshootController;
}

const Deps = createContext<TroubleshootDepsValue | undefined>(undefined);

/** Provides the tab's store and controller (tests). */
export function TroubleshootDeps(props: TroubleshootDepsValue & { children: React.ReactNode }) {
  const { children, ...value } = props;
  return <Deps.Provider value={value}>{children}</Deps.Provider>;
}

/** The provided deps, or the console's own, created once per mount. */
export function useTroubleshootDeps(): TroubleshootDepsValue {
  const given = useContext(Deps);
  const config = useConfig();
  const readonly = useApp((s) => s.session.readonly);
  const own = useMemo(() => {
    if (given) return undefined;
    const store = troubleshootStore();
    const controller = createTroubleshootController({
      store, readonly,
      context: () => openTroubleshoot({
        config, demo: getConsoleSession()?.demo, policy: { kind: 'interactive' },
      }),
      snapshot: (ctx, signal) => writeSnapshot(ctx, { signal, readonly }),
    });
    return { store, controller };
  }, [given, config, readonly]);
  useEffect(() => () => own?.controller.dispose(), [own]);
  return given ?? own!;
}
