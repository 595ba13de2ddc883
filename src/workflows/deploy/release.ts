/**
 * Release and rollback: point `current` at a release with one rename, then `compose up`
 * from the stable project path, so compose recreates only services whose image or
 * configuration changed. A rollback is the same with an earlier release.
 */
import path from 'node:path/posix';
import { composeUp, type ComposeInfo } from '../../services/compose/argv.js';
import {
  RELEASE_FILES, releaseDir, switchArgv, writeFileArgv,
} from '../../services/release/layout.js';
import { remote, type DeployContext } from './context.js';
import { composeTargetAt } from './build.js';
import type { StepId } from './types.js';

/** Whether a file exists on the host. */
async function exists(ctx: DeployContext, file: string): Promise<boolean> {
  const r = await remote(ctx, 'test', ['test', '-f', file], { timeoutMs: 15_000, okCodes: [1] });
  return r.code === 0;
}

/** Switches `current` to `id` and brings its containers up. */
export async function switchAndUp(ctx: DeployContext, compose: ComposeInfo, id: string,
  step: StepId, forced: readonly string[] = []): Promise<void> {
  await remote(ctx, 'switching the current release', switchArgv(ctx.layout, id),
    { timeoutMs: 30_000 });
  ctx.sink.line(step, `current -> ${id}`);
  const override = path.join(releaseDir(ctx.layout, id), RELEASE_FILES.override);
  const target = composeTargetAt(ctx, compose, ctx.layout.remoteDir, await exists(ctx, override));
  await remote(ctx, 'compose up', composeUp(target), { timeoutMs: 10 * 60_000, stream: step });
  if (forced.length > 0) {
    ctx.sink.line(step, `recreating ${forced.join(', ')} (mounted files changed)`);
    await remote(ctx, 'compose up --force-recreate', composeUp(target, forced),
      { timeoutMs: 10 * 60_000, stream: step });
  }
}

/** Writes a release's metadata file (shown in the history list). */
export async function writeMeta(ctx: DeployContext, id: string,
  meta: Record<string, unknown>): Promise<void> {
  const file = path.join(releaseDir(ctx.layout, id), RELEASE_FILES.meta);
  await remote(ctx, 'writing release metadata', writeFileArgv(file), {
    timeoutMs: 15_000, stdin: `${ctx.redactor.redact(JSON.stringify(meta))}\n`,
  });
}
