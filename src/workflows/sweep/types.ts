/**
 * What a health sweep produces: per-check results grouped in panes, and the request-path
 * verdict. Shared by the poller, the dashboard store, the status command and its schema.
 */

/** The dashboard's panes, in display order. */
export const PANES = ['edge', 'gateway', 'backend', 'host'] as const;
export type PaneId = (typeof PANES)[number];

/** Pane titles as shown to people. */
export const PANE_TITLE: Record<PaneId, string> = {
  edge: 'Edge (Envoy)',
  gateway: 'Gateway (Nginx)',
  backend: 'Backend (FastAPI)',
  host: 'Host',
};

/** The health of one check. */
export type CheckStatus = 'ok' | 'warning' | 'failing' | 'unknown';

/** One check's latest result. */
export interface CheckResult {
  /** Stable id, e.g. `edge.control`. */
  id: string;
  pane: PaneId;
  /** A short name, e.g. `control plane`. */
  label: string;
  status: CheckStatus;
  /** What was found, in words. */
  words: string;
  /** How long the probe took, when it measured one. */
  latencyMs: number | null;
  /** Epoch milliseconds when the result arrived. */
  checkedAt: number;
}

/** The three hops of a request. */
export const HOPS = ['edge', 'gateway', 'backend'] as const;
export type HopId = (typeof HOPS)[number];

/** One hop of the request path. */
export interface HopVerdict {
  hop: HopId;
  status: CheckStatus;
  words: string;
}

/** Where the request path breaks, if anywhere. */
export interface RequestPath {
  status: CheckStatus;
  /** One sentence naming the first failing hop and why (or that all answer). */
  verdict: string;
  /** The first hop that fails on its own account. */
  failingHop: HopId | null;
  hops: HopVerdict[];
  checkedAt: number;
}

const RANK: Record<CheckStatus, number> = { unknown: 0, ok: 1, warning: 2, failing: 3 };

/** The worst of some statuses; unknown only when nothing is known. */
export function worst(statuses: CheckStatus[]): CheckStatus {
  let out: CheckStatus = 'unknown';
  for (const s of statuses) if (RANK[s] > RANK[out]) out = s;
  return out;
}
