/**
 * The Deploy tab's state: the plan, each step's state, time and latest output lines, the
 * live sync and build progress, verify results and the release history. The deploy
 * workflow writes it (through `storeSink`); the screen reads one field per selector.
 */
import { createStore } from 'zustand/vanilla';
import type { SyncProgress } from '../services/rsync/parse.js';
import type { BuildProgress } from '../services/compose/progress.js';
import type {
  DeploySink, PlanView, ReleaseEntry, StepId, StepState, VerifyCheck,
} from '../workflows/deploy/types.js';
import { STEP_IDS, STEP_TITLES } from '../workflows/deploy/types.js';

/** One step as the screen shows it. */
export interface StepView {
  id: StepId;
  title: string;
  state: StepState;
  startedAt?: number;
  endedAt?: number;
  detail?: string;
  lines: string[];
}

/** Where the wizard is. */
export type DeployPhase =
  | 'idle' | 'planning' | 'confirm' | 'running' | 'done' | 'failed' | 'cancelled';

/** The whole Deploy tab state. */
export interface DeployState {
  phase: DeployPhase;
  steps: Record<StepId, StepView>;
  plan?: PlanView;
  sync?: SyncProgress;
  build: BuildProgress;
  verify: VerifyCheck[];
  releases: ReleaseEntry[];
  currentRelease?: string;
  /** The last outcome in one line. */
  message?: string;
  /** A stale lock waiting for the user to break it (or not), described in one line. */
  staleLock?: string;
  setPhase: (phase: DeployPhase, message?: string) => void;
  reset: () => void;
  setReleases: (releases: ReleaseEntry[], current?: string) => void;
}

const MAX_LINES = 30;

function freshSteps(): Record<StepId, StepView> {
  const out = {} as Record<StepId, StepView>;
  for (const id of STEP_IDS) out[id] = { id, title: STEP_TITLES[id], state: 'pending', lines: [] };
  return out;
}

/** Creates a deploy store; tests make their own. */
export function createDeployStore() {
  return createStore<DeployState>()((set) => ({
    phase: 'idle',
    steps: freshSteps(),
    build: { services: {} },
    verify: [],
    releases: [],
    setPhase: (phase, message) => set({ phase, message }),
    reset: () => set({
      phase: 'idle', steps: freshSteps(), plan: undefined, sync: undefined,
      build: { services: {} }, verify: [], message: undefined, staleLock: undefined,
    }),
    setReleases: (releases, currentRelease) => set({ releases, currentRelease }),
  }));
}

/** A deploy store. */
export type DeployStore = ReturnType<typeof createDeployStore>;

/** The console's deploy store. */
export const deployStore = createDeployStore();

function patchStep(store: DeployStore, id: StepId, patch: Partial<StepView>): void {
  store.setState((s) => ({ steps: { ...s.steps, [id]: { ...s.steps[id], ...patch } } }));
}

/** A sink that writes workflow events into the store. */
export function storeSink(store: DeployStore, now = Date.now): DeploySink {
  return {
    step(id, state, detail) {
      const prev = store.getState().steps[id];
      const patch: Partial<StepView> = { state, detail: detail ?? prev.detail };
      if (state === 'running') Object.assign(patch, { startedAt: now(), endedAt: undefined });
      else if (state !== 'pending' && prev.startedAt !== undefined) patch.endedAt = now();
      patchStep(store, id, patch);
    },
    line(id, text) {
      const lines = [...store.getState().steps[id].lines, text].slice(-MAX_LINES);
      patchStep(store, id, { lines });
    },
    plan: (plan) => store.setState({ plan }),
    sync: (sync) => store.setState({ sync }),
    build: (build) => store.setState({ build }),
    verify: (check) => store.setState((s) => ({
      verify: [...s.verify.filter((c) => c.name !== check.name), check],
    })),
  };
}
