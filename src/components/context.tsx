/**
 * What every screen and widget reaches through React context: the app store, the key bus,
 * the theme, and the session's controller (quit, demo faults).
 */
import React, { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../state/app.js';
import type { KeyBus, KeyLayer } from '../ui/keys.js';
import type { Theme } from '../ui/theme.js';
import type { Config } from '../config/schema.js';

/** Actions the shell offers to screens, implemented by the console entry. */
export interface Controller {
  /** Leaves the console after running shutdown hooks (aborting workflows, releasing locks). */
  quit: () => void;
  /** Offered when no config was found: leave the console and run `cortex-ops init`. */
  setup?: () => void;
  /** Demo only: the faults that can be switched and whether each is on. */
  demoFaults?: () => { name: string; on: boolean; summary: string }[];
  toggleDemoFault?: (name: string) => Promise<void>;
}

export interface ConsoleContextValue {
  /**
   * The validated config (for the demo, the demo stack's own). Undefined only while the demo
   * stack starts, just after the first frame; screens other than the dashboard are shown
   * once it is there and read it through useConfig().
   */
  config: Config | undefined;
  store: AppStore;
  bus: KeyBus;
  theme: Theme;
  controller: Controller;
}

const ConsoleContext = createContext<ConsoleContextValue | undefined>(undefined);

export function ConsoleProvider(props: ConsoleContextValue & { children: React.ReactNode }) {
  const { children, ...value } = props;
  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error('useConsole() outside <ConsoleProvider>');
  return value;
}

/** The session's config, for screens the shell shows only once the session is open. */
export function useConfig(): Config {
  const { config } = useConsole();
  if (!config) throw new Error('useConfig() before the session opened');
  return config;
}

/** Reads one field of the app store. */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(useConsole().store, selector);
}

export function useTheme(): Theme {
  return useConsole().theme;
}

/** Pushes a key layer while the component is mounted (and `active`). */
export function useKeyLayer(layer: KeyLayer, active = true): void {
  const { bus } = useConsole();
  useEffect(() => (active ? bus.push(layer) : undefined), [bus, layer, active]);
}

/**
 * The bindings reachable right now (or beneath the layer `below`), re-read whenever a layer
 * comes or goes.
 */
export function useActiveBindings(below?: string) {
  const { bus } = useConsole();
  return useSyncExternalStore((fn) => bus.subscribe(fn), () => bus.active(below));
}
