/**
 * Runs runbooks: each check in turn, its failure to run recorded as a warning (CX690)
 * rather than thrown, the verdict the worst of the findings, and the fix built from them.
 */
import { worstVerdict, type Finding } from '../../services/analyze/index.js';
import { liveFinding } from './codes.js';
import { forgetFiles } from './files.js';
import type { Runbook, RunbookResult, StepResult, TroubleshootContext } from './model.js';
import { findingsOf } from './model.js';
import { backendRunbook } from './backend.js';
import { certRunbook } from './cert.js';
import { clusterRunbook } from './cluster.js';
import { gatewayRunbook } from './gateway.js';
import { oidcRunbook } from './oidc.js';
import { portsRunbook } from './ports.js';
import { websocketRunbook } from './websocket.js';

/** Every runbook, in the order of the request path: edge, gateway port, nginx, backend. */
export const RUNBOOKS: readonly Runbook[] = [
  certRunbook, clusterRunbook, portsRunbook, gatewayRunbook, oidcRunbook, websocketRunbook,
  backendRunbook,
];

/** The runbook with this id. */
export function runbookById(id: string): Runbook | undefined {
  return RUNBOOKS.find((r) => r.id === id);
}

/** Options of a run. */
export interface RunOptions {
  /** Build fixes (not under --readonly, where they are never offered). */
  fixes: boolean;
  /** Keep the files fetched earlier in this run instead of reading them again. */
  reuseFiles?: boolean;
}

async function runCheck(
  check: Runbook['checks'][number], ctx: TroubleshootContext, signal: AbortSignal,
): Promise<StepResult> {
  const step = { checkId: check.id, title: check.title, kind: check.kind };
  try {
    return { ...step, findings: await check.run(ctx, signal) };
  } catch (err) {
    signal.throwIfAborted();
    const message = (err as Error).message.split('\n')[0] ?? String(err);
    return { ...step, error: message,
      findings: [liveFinding('CX690', 'warning', `${check.title}: ${message}`)] };
  }
}

/** Runs one runbook (a re-check is the same call). Throws only when `signal` aborts. */
export async function runRunbook(
  runbook: Runbook, ctx: TroubleshootContext, signal: AbortSignal, opts: RunOptions,
): Promise<RunbookResult> {
  if (!opts.reuseFiles) forgetFiles(ctx);
  const startedAt = Date.now();
  const steps: StepResult[] = [];
  for (const check of runbook.checks) steps.push(await runCheck(check, ctx, signal));
  const result: RunbookResult = {
    id: runbook.id, title: runbook.title, symptom: runbook.symptom, steps,
    verdict: worstVerdict(steps.flatMap((s) => s.findings)), startedAt, finishedAt: Date.now(),
  };
  if (opts.fixes && runbook.fix && result.verdict !== 'ok') {
    try {
      result.fix = await runbook.fix(ctx, findingsOf(result));
    } catch {
      // No fix can be built from what is reachable now; the findings still stand.
    }
  }

  result.finishedAt = Date.now();
  return result;
}

/** Runs every runbook in request-path order, reporting each result as it lands. */
export async function runAll(
  ctx: TroubleshootContext, signal: AbortSignal, opts: RunOptions,
  onResult?: (result: RunbookResult) => void,
): Promise<RunbookResult[]> {
  forgetFiles(ctx);
  const out: RunbookResult[] = [];
  for (const runbook of RUNBOOKS) {
    const result = await runRunbook(runbook, ctx, signal, { ...opts, reuseFiles: true });
    out.push(result);
    onResult?.(result);
  }

  return out;
}

/** Every finding of a set of results. */
export function allFindings(results: RunbookResult[]): Finding[] {
  return results.flatMap(findingsOf);
}
