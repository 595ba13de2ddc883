/**
 * Sync: the workspace into a fresh release directory beside the current one, unchanged
 * files hard-linked, protected paths linked from shared/. A plain project directory from
 * the old scripts is adopted as the first release before anything else.
 */
import { lineSplitter, runLocal } from '../../services/runner.js';
import { buildSyncArgs } from '../../services/rsync/args.js';
import { RsyncError } from '../../services/rsync/exit-codes.js';
import { parseProgressLine, type SyncProgress } from '../../services/rsync/parse.js';
import {
  adoptLegacyArgv, linkSharedArgv, prepareArgv, releaseDir,
} from '../../services/release/layout.js';
import { remote, type DeployContext } from './context.js';
import { rsyncSpec, type Plan } from './plan.js';

/** At most this many progress updates per second reach the sink. */
const PROGRESS_HZ = 8;

/** Adopts a plain project directory as release `legacyId` (a few renames). */
export async function adoptLegacy(ctx: DeployContext, plan: Plan): Promise<void> {
  if (!plan.legacyId) return;
  ctx.sink.line('sync', `adopting ${plan.remoteDir} as release ${plan.legacyId}`);
  await remote(ctx, 'adopting the project directory', adoptLegacyArgv(ctx.layout,
    plan.legacyId, ctx.config.project.protect), { timeoutMs: 60_000, stream: 'sync' });
}

/** Links the shared protected paths (.env, data) into the new release. */
export async function linkShared(ctx: DeployContext, plan: Plan): Promise<void> {
  await remote(ctx, 'linking protected paths', linkSharedArgv(ctx.layout, plan.releaseId,
    ctx.config.project.protect), { timeoutMs: 30_000 });
}

/** Runs rsync, reporting progress; rejects with RsyncError on failure. */
async function rsync(ctx: DeployContext, plan: Plan): Promise<SyncProgress | undefined> {
  const argv = buildSyncArgs(rsyncSpec(ctx), releaseDir(ctx.layout, plan.releaseId),
    plan.linkDest);
  let last: SyncProgress | undefined;
  let lastSent = 0;
  const lines = lineSplitter((line) => {
    const p = parseProgressLine(line);
    if (!p) {
      if (line.trim()) ctx.sink.line('sync', ctx.redactor.redact(line.trim()));
      return;
    }

    last = p;
    const now = Date.now();
    if (now - lastSent >= 1000 / PROGRESS_HZ || p.percent === 100) {
      lastSent = now;
      ctx.sink.sync(p);
    }
  });
  const result = await runLocal(argv, {
    signal: ctx.signal, timeoutMs: 60 * 60_000, onStdout: (c) => lines.push(c),
  });
  lines.flush();
  if (result.code !== 0) {
    throw new RsyncError(result.code, ctx.redactor.redact(result.stderr));
  }

  if (last) ctx.sink.sync(last);
  return last;
}

/**
 * The whole sync step. rsync creates the release directory itself when releases/ exists,
 * so an ordinary release costs one rsync and nothing else.
 */
export async function syncRelease(ctx: DeployContext, plan: Plan): Promise<string> {
  await adoptLegacy(ctx, plan);
  if (plan.host.releases.length === 0 && !plan.legacyId) {
    await remote(ctx, 'creating the release directory', prepareArgv(ctx.layout,
      plan.releaseId), { timeoutMs: 30_000 });
  }

  const last = await rsync(ctx, plan);
  const files = plan.changes.added.length + plan.changes.changed.length;
  return `${files} file(s) sent, ${plan.changes.deleted.length} deleted` +
    (last ? `, ${last.rate}` : '');
}
