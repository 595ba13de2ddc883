/**
 * The Troubleshoot tab's state: the latest result of each runbook, which ones are running,
 * the selected and the opened runbook, a fix waiting for confirmation, and the last outcome
 * line. Workflows write it; the screen reads one field per selector.
 */
import { createStore } from 'zustand/vanilla';
import type { Status } from '../ui/theme.js';
import type { Fix, RunbookResult } from '../workflows/runbooks/model.js';

/** A fix shown with its preview, waiting for y or n. */
export interface PendingFix {
  runbookId: string;
  fix: Fix;
}

export interface TroubleshootState {
  results: Record<string, RunbookResult>;
  running: Record<string, boolean>;
  /** Index of the highlighted runbook in the list. */
  selected: number;
  /** The runbook whose steps are shown, if any. */
  opened: string | undefined;
  pending: PendingFix | undefined;
  /** A fix is being applied. */
  fixing: boolean;
  /** The last outcome (a fix, a snapshot, an error), one line. */
  message: { text: string; status: Status } | undefined;
  setResult: (result: RunbookResult) => void;
  setRunning: (id: string, running: boolean) => void;
  select: (index: number) => void;
  open: (id: string | undefined) => void;
  ask: (pending: PendingFix | undefined) => void;
  setFixing: (fixing: boolean) => void;
  say: (text: string, status: Status) => void;
}

/** Creates a troubleshoot store; tests make their own. */
export function createTroubleshootStore() {
  return createStore<TroubleshootState>()((set) => ({
    results: {},
    running: {},
    selected: 0,
    opened: undefined,
    pending: undefined,
    fixing: false,
    message: undefined,
    setResult: (result) => set((s) => ({ results: { ...s.results, [result.id]: result } })),
    setRunning: (id, running) => set((s) => ({ running: { ...s.running, [id]: running } })),
    select: (selected) => set({ selected }),
    open: (opened) => set({ opened }),
    ask: (pending) => set({ pending }),
    setFixing: (fixing) => set({ fixing }),
    say: (text, status) => set({ message: { text, status } }),
  }));
}

export type TroubleshootStore = ReturnType<typeof createTroubleshootStore>;

let shared: TroubleshootStore | undefined;

/** The console's troubleshoot store, created on first use. */
export function troubleshootStore(): TroubleshootStore {
  shared ??= createTroubleshootStore();
  return shared;
}
