/**
 * The dashboard's state: each pane's latest check results and when they arrived, the request
 * path, latency history for sparklines, and a clock for marking stale panes. The poller
 * writes it as results arrive; screens read one field at a time.
 */
import { createStore } from 'zustand/vanilla';
import {
  PANES, type CheckResult, type PaneId, type RequestPath,
} from '../workflows/sweep/types.js';
import { CHECK_CATALOGUE } from '../workflows/sweep/catalogue.js';

/** Latency samples kept per check: three minutes at the default 2 s refresh. */
export const HISTORY_MAX = 90;

/** One pane as shown. */
export interface PaneView {
  /** The pane's checks in display order. */
  checks: CheckResult[];
  /** When the newest of its results arrived, or null before the first. */
  refreshedAt: number | null;
}

export interface DashboardState {
  panes: Record<PaneId, PaneView>;
  path: RequestPath | null;
  /** Latency samples per check id, oldest first. */
  history: Record<string, number[]>;
  sweeping: boolean;
  sweeps: number;
  intervalMs: number;
  /** Ticked by the poller so staleness shows even when nothing arrives. */
  clock: number;
  publishCheck: (r: CheckResult) => void;
  publishPath: (p: RequestPath) => void;
  setSweeping: (on: boolean) => void;
  tick: (now: number) => void;
  reset: (intervalMs: number) => void;
}

function emptyPanes(): Record<PaneId, PaneView> {
  const panes = {} as Record<PaneId, PaneView>;
  for (const pane of PANES) {
    panes[pane] = {
      refreshedAt: null,
      checks: CHECK_CATALOGUE.filter((c) => c.pane === pane).map((c) => ({
        id: c.id, pane, label: c.label, status: 'unknown', words: 'not checked yet',
        latencyMs: null, checkedAt: 0,
      })),
    };
  }

  return panes;
}

/** True when a pane's data is older than two refresh intervals. */
export function isStale(refreshedAt: number | null, clock: number, intervalMs: number): boolean {
  return refreshedAt !== null && clock - refreshedAt > 2 * intervalMs;
}

/** Creates a dashboard store; tests make their own. */
export function createDashboardStore(intervalMs = 2000) {
  return createStore<DashboardState>()((set, get) => ({
    panes: emptyPanes(),
    path: null,
    history: {},
    sweeping: false,
    sweeps: 0,
    intervalMs,
    clock: Date.now(),
    publishCheck: (r) => {
      const { panes, history } = get();
      const pane = panes[r.pane];
      const checks = pane.checks.map((c) => (c.id === r.id ? r : c));
      const next: Partial<DashboardState> = {
        panes: { ...panes, [r.pane]: { checks, refreshedAt: r.checkedAt } },
        clock: Math.max(get().clock, r.checkedAt),
      };
      if (r.latencyMs !== null) {
        const h = [...(history[r.id] ?? []), r.latencyMs];
        if (h.length > HISTORY_MAX) h.splice(0, h.length - HISTORY_MAX);
        next.history = { ...history, [r.id]: h };
      }

      set(next);
    },
    publishPath: (path) => set({ path }),
    setSweeping: (sweeping) =>
      set(sweeping ? { sweeping } : { sweeping, sweeps: get().sweeps + 1 }),
    tick: (clock) => set({ clock }),
    reset: (ms) => set({ panes: emptyPanes(), path: null, history: {}, sweeping: false,
      sweeps: 0, intervalMs: ms, clock: Date.now() }),
  }));
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;

let shared: DashboardStore | undefined;

/** The console's dashboard store, created on first use. */
export function dashboardStore(): DashboardStore {
  shared ??= createDashboardStore();
  return shared;
}
