/**
 * One health sweep: every check starts at once, each bounded by the probe timeout through its
 * facts, and each result is handed on the moment it arrives, so a slow component delays only
 * its own lines. The request path is judged once all checks are in.
 */
import { Facts, type SweepOptions } from './facts.js';
import { EDGE_CHECKS } from './checks-edge.js';
import { BACKEND_CHECKS, GATEWAY_CHECKS } from './checks-stack.js';
import { HOST_CHECKS } from './checks-host.js';
import { requestPath } from './request-path.js';
import type { CheckResult, RequestPath } from './types.js';
import type { CheckDef } from './words.js';

export type { SweepOptions, SweepMemory } from './facts.js';

/** Every check of the dashboard, pane by pane, in display order. */
export const ALL_CHECKS: CheckDef[] = [
  ...EDGE_CHECKS, ...GATEWAY_CHECKS, ...BACKEND_CHECKS, ...HOST_CHECKS,
];

/** Where results go as they arrive. */
export interface SweepListener {
  onCheck?: (result: CheckResult) => void;
  onPath?: (path: RequestPath) => void;
}

/** What a whole sweep found. */
export interface SweepReport {
  startedAt: number;
  finishedAt: number;
  checks: CheckResult[];
  path: RequestPath;
}

async function runOne(def: CheckDef, facts: Facts): Promise<CheckResult> {
  let verdict;
  try {
    verdict = await def.run(facts);
  } catch (err) {
    // A check that throws is a bug; show it as failing rather than lose the pane.
    verdict = { status: 'failing' as const, words: `check failed: ${(err as Error).message}` };
  }

  return {
    id: def.id, pane: def.pane, label: def.label, status: verdict.status,
    words: verdict.words, latencyMs: verdict.latencyMs ?? null, checkedAt: Date.now(),
  };
}

/** Runs checks concurrently over shared facts, reporting each as it finishes. */
export async function runChecks(defs: CheckDef[], facts: Facts,
  onCheck?: (r: CheckResult) => void): Promise<CheckResult[]> {
  return Promise.all(defs.map(async (def) => {
    const result = await runOne(def, facts);
    if (!facts.o.signal?.aborted) onCheck?.(result);
    return result;
  }));
}

/** One full sweep of every pane and the request path. */
export async function runSweep(o: SweepOptions, listener: SweepListener = {}):
  Promise<SweepReport> {
  const startedAt = Date.now();
  const facts = new Facts(o);
  const checks = await runChecks(ALL_CHECKS, facts, listener.onCheck);
  const byId = new Map(checks.map((c) => [c.id, c]));
  const path = await requestPath(byId, facts);
  if (!o.signal?.aborted) listener.onPath?.(path);
  return { startedAt, finishedAt: Date.now(), checks, path };
}
