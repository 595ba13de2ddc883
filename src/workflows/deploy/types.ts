/** The deploy pipeline's vocabulary: steps, their states and what they report. */
import type { SyncProgress, ChangeSummary } from '../../services/rsync/parse.js';
import type { BuildProgress } from '../../services/compose/progress.js';

/** The pipeline's steps, in order. */
export const STEP_IDS = [
  'plan', 'preflight', 'lock', 'sync', 'build', 'release', 'verify', 'record',
] as const;
export type StepId = (typeof STEP_IDS)[number];

export const STEP_TITLES: Record<StepId, string> = {
  plan: 'Plan', preflight: 'Preflight', lock: 'Lock', sync: 'Sync', build: 'Build',
  release: 'Release', verify: 'Verify', record: 'Record',
};

/** A step's state. */
export type StepState = 'pending' | 'running' | 'ok' | 'failed' | 'skipped' | 'cancelled';

/** What the plan shows before the user confirms. */
export interface PlanView {
  releaseId: string;
  target: string;
  environment: string;
  production: boolean;
  remoteDir: string;
  commit?: string;
  branch?: string;
  dirty: boolean;
  changes: Pick<ChangeSummary, 'added' | 'changed' | 'deleted' | 'bytes'>;
  /** The release running now, if any. */
  currentRelease?: string;
  /** The compose file check: 'ok', or why not. */
  composeCheck: string;
  services: string[];
  /** The host still has a plain project directory that the release will adopt. */
  adoptsLegacy: boolean;
}

/** One verify check. */
export interface VerifyCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** Could not be checked (not failed): shown, but does not hold the release back. */
  warning?: boolean;
}

/** A kept release on the host. */
export interface ReleaseEntry {
  id: string;
  current: boolean;
  commit?: string;
  who?: string;
  at?: string;
}

/** Where the workflow reports; the store and the CLI printers implement it. */
export interface DeploySink {
  step(id: StepId, state: StepState, detail?: string): void;
  line(id: StepId, text: string): void;
  plan(plan: PlanView): void;
  sync(progress: SyncProgress): void;
  build(progress: BuildProgress): void;
  verify(check: VerifyCheck): void;
}

/** A sink that drops everything (tests, bench). */
export const nullSink: DeploySink = {
  step: () => undefined, line: () => undefined, plan: () => undefined,
  sync: () => undefined, build: () => undefined, verify: () => undefined,
};
