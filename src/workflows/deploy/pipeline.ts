/**
 * The deploy pipeline: Plan -> Preflight -> Lock -> Sync -> Build -> Release -> Verify ->
 * Record. Nothing on the host changes before preflight passes; the lock is released on
 * every way out; a release that fails verify (or is stopped after the switch) is rolled
 * back to the previous one, which is verified again; the audit records both.
 */
import type { ComposeInfo } from '../../services/compose/argv.js';
import { pruneArgv } from '../../services/release/layout.js';
import type { AuditRecord, AuditResult } from '../../services/release/audit.js';
import { remote, type DeployContext } from './context.js';
import { makePlan, type Plan } from './plan.js';
import { preflight } from './preflight.js';
import { acquireLock, type BreakStale, type HeldLock } from './lock.js';
import { syncRelease } from './sync.js';
import { buildRelease, type BuildResult } from './build.js';
import { switchAndUp, writeMeta } from './release.js';
import { hostTime, verifyRelease } from './verify.js';
import { recordBase, writeAudit } from './record.js';
import { pruneReleases, removeUnservedImages } from './prune.js';
import type { StepId } from './types.js';

/** How a deploy runs. */
export interface DeployOptions {
  /** Asked after the plan; resolve false to stop there. Absent: go ahead. */
  confirm?: (plan: Plan) => Promise<boolean>;
  /** Stop after the plan. */
  dryRun?: boolean;
  breakStale?: BreakStale;
  verifyTimeoutMs?: number;
}

/** How a deploy ended. */
export interface DeployOutcome {
  ok: boolean;
  result: AuditResult | 'planned' | 'declined';
  message: string;
  plan?: Plan;
  durations: Record<string, number>;
}

/** The state one run carries between steps. */
interface Run {
  ctx: DeployContext;
  durations: Record<string, number>;
  plan?: Plan;
  compose?: ComposeInfo;
  built?: BuildResult;
  switched: boolean;
  /** Why the release was rolled back, for the audit and the message. */
  error?: string;
}

function isAbort(ctx: DeployContext, err: unknown): boolean {
  return ctx.signal.aborted || (err instanceof Error && err.name === 'AbortError');
}

/** Errors that mean a defect in cortex-ops: they keep their stack. */
function isBug(err: unknown): boolean {
  return err instanceof TypeError || err instanceof ReferenceError || err instanceof RangeError
    || err instanceof SyntaxError;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs one step with its state, elapsed time and failure reported to the sink. */
async function step<T>(run: Run, id: StepId, fn: () => Promise<T>,
  detail?: (value: T) => string): Promise<T> {
  const { ctx } = run;
  ctx.sink.step(id, 'running');
  const t0 = Date.now();
  try {
    const value = await fn();
    ctx.sink.step(id, 'ok', detail?.(value));
    return value;
  } catch (err) {
    const text = ctx.redactor.redact(errorText(err));
    ctx.sink.step(id, isAbort(ctx, err) ? 'cancelled' : 'failed', text);
    throw err;
  } finally {
    run.durations[id] = Date.now() - t0;
  }
}

/** A context whose signal is a fresh deadline: clean-up runs after an abort. */
function detached(ctx: DeployContext, ms = 10 * 60_000): DeployContext {
  return { ...ctx, signal: AbortSignal.timeout(ms) };
}

async function rollbackTo(run: Run, previous: string, timeoutMs?: number): Promise<void> {
  const ctx = detached(run.ctx);
  ctx.sink.line('verify', `rolling back to ${previous} (database migrations are not undone)`);
  const since = await hostTime(ctx);
  // Services recreated only for their mounts need it again to mount the older files.
  await switchAndUp(ctx, run.compose!, previous, 'verify', run.built?.forced ?? []);
  await verifyRelease(ctx, { timeoutMs, since });
}

async function removeUnswitched(run: Run): Promise<void> {
  const ctx = detached(run.ctx, 60_000);
  const id = run.plan!.releaseId;
  await remote(ctx, 'removing the unfinished release', pruneArgv(ctx.layout, [id]),
    { timeoutMs: 60_000 }).catch(() => undefined);
  await removeUnservedImages(ctx, id).catch(() => undefined);
}

async function prune(run: Run): Promise<void> {
  const { plan } = run;
  await pruneReleases(run.ctx, [plan!.releaseId, plan!.currentRelease, plan!.legacyId]);
}

/** The part that changes the host, under the lock. Returns the result to audit. */
async function changeHost(run: Run, opts: DeployOptions): Promise<AuditResult> {
  const { ctx } = run;
  const plan = run.plan!;
  await step(run, 'sync', () => syncRelease(ctx, plan), (d) => d);
  const built = run.built = await step(run, 'build', () => buildRelease(ctx, plan, run.compose!),
    (b) => Object.entries(b.images).map(([s, i]) => `${s}=${i.split(':').pop()}`).join(' '));
  await writeMeta(ctx, plan.releaseId, {
    id: plan.releaseId, commit: plan.commit, dirty: plan.dirty, who: ctx.operator.user,
    from: ctx.operator.host, at: new Date().toISOString(), images: built.images,
  });
  run.switched = true;
  const since = await hostTime(ctx);
  await step(run, 'release', () => switchAndUp(ctx, run.compose!, plan.releaseId, 'release',
    built.forced), () => `current -> ${plan.releaseId}`);
  const backend = built.images[ctx.config.backend.service];
  try {
    await step(run, 'verify', () => verifyRelease(ctx, { backendImage: backend, since,
      timeoutMs: opts.verifyTimeoutMs }), () => 'all checks passed');
    return 'ok';
  } catch (err) {
    const previous = plan.legacyId ?? plan.currentRelease;
    if (!previous) throw err;
    run.error = ctx.redactor.redact(errorText(err));
    const t0 = Date.now();
    let rolled: AuditResult = 'failed';
    try {
      await rollbackTo(run, previous, opts.verifyTimeoutMs);
      rolled = 'ok';
    } finally {
      await writeAudit(detached(ctx, 60_000), {
        at: new Date().toISOString(), event: 'rollback', result: rolled, ...recordBase(ctx),
        releaseId: previous, previousId: plan.releaseId, durations: { rollback: Date.now() - t0 },
        note: `automatic, after: ${ctx.redactor.redact(errorText(err))}`,
      }).catch(() => undefined);
    }

    ctx.sink.line('verify', `rolled back to ${previous}; it serves again`);
    return isAbort(ctx, err) ? 'aborted' : 'rolled-back';
  }
}

function auditRecord(run: Run, result: AuditResult, error?: string): AuditRecord {
  const plan = run.plan!;
  return {
    at: new Date().toISOString(), event: 'release', result, ...recordBase(run.ctx),
    releaseId: plan.releaseId, previousId: plan.legacyId ?? plan.currentRelease,
    commit: plan.commit, dirty: plan.dirty,
    files: { added: plan.changes.added.length, changed: plan.changes.changed.length,
      deleted: plan.changes.deleted.length, bytes: plan.changes.bytes },
    durations: run.durations, error,
  };
}

async function underLock(run: Run, lock: HeldLock, opts: DeployOptions):
  Promise<DeployOutcome> {
  const { ctx } = run;
  let result: AuditResult = 'failed';
  let error: string | undefined;
  try {
    result = await changeHost(run, opts);
    error = run.error;
  } catch (err) {
    result = isAbort(ctx, err) ? 'aborted' : 'failed';
    error = ctx.redactor.redact(errorText(err));
    if (!run.switched) await removeUnswitched(run);
  }

  const rec = detached(ctx, 60_000);
  try {
    await step({ ...run, ctx: rec }, 'record', async () => {
      await writeAudit(rec, auditRecord(run, result, error));
      if (result === 'ok') await prune({ ...run, ctx: rec });
    });
  } finally {
    await lock.release().catch(() => undefined);
  }

  const message = result === 'ok' ? `released ${run.plan!.releaseId}`
    : result === 'rolled-back' ? `release ${run.plan!.releaseId} failed verify and was ` +
      `rolled back: ${error ?? 'see the verify step'}`
    : `release ${result}: ${error ?? ''}`;
  return { ok: result === 'ok', result, message, plan: run.plan, durations: run.durations };
}

/** Runs the pipeline. Resolves with the outcome; rejects only on bugs. */
export async function runDeploy(ctx: DeployContext, opts: DeployOptions = {}):
  Promise<DeployOutcome> {
  const run: Run = { ctx, durations: {}, switched: false };
  try {
    run.plan = await step(run, 'plan', () => makePlan(ctx), (p) =>
      `${p.changes.added.length} new, ${p.changes.changed.length} changed, ` +
      `${p.changes.deleted.length} deleted`);
    ctx.sink.plan(run.plan);
    if (opts.dryRun) {
      return { ok: true, result: 'planned', message: 'dry run: nothing changed',
        plan: run.plan, durations: run.durations };
    }

    if (opts.confirm && !(await opts.confirm(run.plan))) {
      return { ok: false, result: 'declined', message: 'not confirmed; nothing changed',
        plan: run.plan, durations: run.durations };
    }

    const pre = await step(run, 'preflight', () => preflight(ctx, run.plan!),
      (p) => `compose ${p.compose.flavor} ${p.compose.version}`);
    run.compose = pre.compose;
    const lock = await step(run, 'lock', () => acquireLock(ctx, run.plan!.releaseId,
      opts.breakStale), () => `held by ${ctx.operator.user}@${ctx.operator.host}`);
    return await underLock(run, lock, opts);
  } catch (err) {
    if (isBug(err)) throw err;
    const result = isAbort(ctx, err) ? 'aborted' : 'failed';
    return { ok: false, result, message: ctx.redactor.redact(errorText(err)), plan: run.plan,
      durations: run.durations };
  }
}
