/**
 * Rolling back to any kept release from the Deploy tab: under the lock, switch `current`
 * and bring that release's images up, verify, audit. Database migrations are not undone.
 */
import { readHostLayout, type DeployContext } from './context.js';
import { detectCompose } from './preflight.js';
import { acquireLock } from './lock.js';
import { switchAndUp } from './release.js';
import { hostTime, verifyRelease } from './verify.js';
import { recordBase, writeAudit } from './record.js';
import type { ReleaseEntry } from './types.js';
import { composeServiceModels } from '../../services/compose/images.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The kept releases on the host, newest first. */
export async function listReleases(ctx: DeployContext): Promise<{ releases: ReleaseEntry[];
  current?: string; }> {
  const host = await readHostLayout(ctx);
  const releases = [...host.releases].reverse().map((id) => {
    const meta = (host.meta[id] ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof meta[k] === 'string' ? meta[k] as string : undefined);
    return { id, current: id === host.current, commit: str('commit'), who: str('who'),
      at: str('at') };
  });
  return { releases, current: host.current };
}

async function boundServices(ctx: DeployContext): Promise<string[]> {
  const p = ctx.config.project;
  try {
    const text = await readFile(path.resolve(p.workspace, p.composeFile), 'utf8');
    return composeServiceModels(text).filter((m) => m.binds.length > 0).map((m) => m.name);
  } catch {
    return [];
  }
}

/** Rolls back to `id`; resolves with a one-line outcome, rejects with a typed error. */
export async function rollbackRelease(ctx: DeployContext, id: string): Promise<string> {
  const { releases, current } = await listReleases(ctx);
  if (!releases.some((r) => r.id === id)) throw new Error(`release ${id} is not kept`);
  const compose = await detectCompose(ctx);
  const lock = await acquireLock(ctx, id);
  const t0 = Date.now();
  let result: 'ok' | 'failed' = 'failed';
  let error: string | undefined;
  try {
    const since = await hostTime(ctx);
    await switchAndUp(ctx, compose, id, 'release', await boundServices(ctx));
    await verifyRelease(ctx, { since });
    result = 'ok';
    return `rolled back to ${id}`;
  } catch (err) {
    error = ctx.redactor.redact((err as Error).message);
    throw err;
  } finally {
    await writeAudit(ctx, {
      at: new Date().toISOString(), event: 'rollback', result, ...recordBase(ctx),
      releaseId: id, previousId: current, durations: { rollback: Date.now() - t0 }, error,
      note: 'manual rollback; database migrations are not undone',
    }).catch(() => undefined);
    await lock.release().catch(() => undefined);
  }
}
