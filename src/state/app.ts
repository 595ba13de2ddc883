/**
 * The console shell's state: which tab shows, the help overlay, the terminal size, what the
 * session targets and the overall status in the header. A vanilla store, so workflows can
 * write it without React; screens read one field at a time through useApp().
 */
import { createStore } from 'zustand/vanilla';
import type { Status } from '../ui/theme.js';

export type TabId = 'dashboard' | 'deploy' | 'troubleshoot' | 'logs';

/** The tabs in order; their number keys are their position plus one. */
export const TABS: { id: TabId; title: string }[] = [
  { id: 'dashboard', title: 'Dashboard' },
  { id: 'deploy', title: 'Deploy' },
  { id: 'troubleshoot', title: 'Troubleshoot' },
  { id: 'logs', title: 'Logs' },
];

/** What this session is pointed at. */
export interface SessionInfo {
  mode: 'demo' | 'config';
  /** The environment name from the config, or 'demo'. */
  environment: string;
  /** A short description of the target host, e.g. coder@10.0.0.5:22. */
  target: string;
  configFile?: string;
  production: boolean;
  readonly: boolean;
  /** The demo was opened because no config file was found (not because --demo asked). */
  noConfig?: boolean;
}

export interface Flash {
  text: string;
  status: Status;
  at: number;
}

export interface AppState {
  tab: TabId;
  helpOpen: boolean;
  columns: number;
  rows: number;
  session: SessionInfo;
  overall: Status;
  flash: Flash | undefined;
  setTab: (tab: TabId) => void;
  setHelp: (open: boolean) => void;
  setSize: (columns: number, rows: number) => void;
  setOverall: (status: Status) => void;
  showFlash: (text: string, status?: Status) => void;
  clearFlash: () => void;
}

export const DEFAULT_SESSION: SessionInfo = {
  mode: 'demo', environment: 'demo', target: 'demo stack on loopback', production: false,
  readonly: false,
};

/** Creates an app store; tests create their own, the console one per process. */
export function createAppStore(session: SessionInfo = DEFAULT_SESSION,
  size = { columns: 80, rows: 24 }) {
  return createStore<AppState>()((set) => ({
    tab: 'dashboard',
    helpOpen: false,
    columns: size.columns,
    rows: size.rows,
    session,
    overall: 'unknown',
    flash: undefined,
    setTab: (tab) => set({ tab, helpOpen: false }),
    setHelp: (helpOpen) => set({ helpOpen }),
    setSize: (columns, rows) => set({ columns, rows }),
    setOverall: (overall) => set({ overall }),
    showFlash: (text, status = 'ok') => set({ flash: { text, status, at: Date.now() } }),
    clearFlash: () => set({ flash: undefined }),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
