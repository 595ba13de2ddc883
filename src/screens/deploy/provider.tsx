/**
 * Which deploy store and actions the Deploy tab uses: the console's own by default, a
 * test's fresh store and controller through <DeployProvider>.
 */
import React, { createContext, useContext, useMemo } from 'react';
import { useStore } from 'zustand';
import { deployStore, type DeployState, type DeployStore } from '../../state/deploy.js';
import {
  configContext, DeployController, type DeployActions,
} from '../../workflows/deploy/controller.js';
import { useApp, useConfig } from '../../components/context.js';

interface DeployDeps {
  store: DeployStore;
  actions: DeployActions;
}

const Ctx = createContext<DeployDeps | undefined>(undefined);

/** Supplies a store and actions (tests, or a console with its own). */
export function DeployProvider(props: DeployDeps & { children: React.ReactNode }) {
  const { children, store, actions } = props;
  const value = useMemo(() => ({ store, actions }), [store, actions]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

let defaultController: DeployController | undefined;

/** The store and actions in effect. */
export function useDeployDeps(): DeployDeps {
  const given = useContext(Ctx);
  const config = useConfig();
  const configFile = useApp((s) => s.session.configFile);
  return useMemo(() => {
    if (given) return given;
    defaultController ??= new DeployController(deployStore,
      configContext(config, deployStore, configFile));
    return { store: deployStore, actions: defaultController };
  }, [given, config, configFile]);
}

/** Reads one field of the deploy store. */
export function useDeploy<T>(selector: (s: DeployState) => T): T {
  return useStore(useDeployDeps().store, selector);
}
