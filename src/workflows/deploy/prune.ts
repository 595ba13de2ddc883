/**
 * After a good release: the releases beyond `keepReleases` are removed, then the images that
 * only they named. A kept release keeps every image its override names, so any kept release
 * can still be rolled back to; running containers keep theirs; removal is never forced.
 * A release that failed before it served loses the images it tagged, too. Cleaning up never
 * fails a release: what could not be removed is said and left.
 */
import path from 'node:path/posix';
import {
  pruneArgv, releaseDir, releasesToPrune, RELEASE_FILES,
} from '../../services/release/layout.js';
import {
  imagesToRemove, listReleaseImagesArgv, parseOverrides, readOverridesArgv, removeImagesArgv,
} from '../../services/compose/images.js';
import { readHostLayout, remote, type DeployContext } from './context.js';
import { runningImagesArgv } from './build.js';
import { projectName } from './plan.js';

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Each release's override file on the host. */
function overrideOf(ctx: DeployContext, id: string): string {
  return path.join(releaseDir(ctx.layout, id), RELEASE_FILES.override);
}

/** The image maps of releases' overrides, or undefined (said) when they cannot be read. */
async function readImages(ctx: DeployContext, ids: readonly string[]):
  Promise<((id: string) => Record<string, string>) | undefined> {
  try {
    const named = parseOverrides((await remote(ctx, 'reading release images',
      readOverridesArgv(ids.map((id) => overrideOf(ctx, id))), { timeoutMs: 30_000 })).stdout);
    return (id) => named[overrideOf(ctx, id)] ?? {};
  } catch (err) {
    ctx.sink.line('record', `old images left in place: could not read the releases' images ` +
      `(${ctx.redactor.redact(errorText(err))})`);
    return undefined;
  }
}

/** Removes what imagesToRemove picks; says what went and what stayed, never throws. */
async function removeImages(ctx: DeployContext, prunedIds: readonly string[],
  pruned: Record<string, string>[], kept: Record<string, string>[]): Promise<void> {
  try {
    const lines = async (what: string, argv: string[]): Promise<string[]> =>
      (await remote(ctx, what, argv, { timeoutMs: 20_000 })).stdout.split('\n')
        .map((l) => l.trim()).filter(Boolean);
    const running = (await lines('docker ps', runningImagesArgv(projectName(ctx))))
      .map((l) => l.split('\t')[1]?.trim() ?? '');
    const present = await lines('listing release images', listReleaseImagesArgv());
    const candidates = imagesToRemove({ prunedIds, pruned, kept, running, present });
    if (candidates.length === 0) return;
    const removed = (await remote(ctx, 'removing old images', removeImagesArgv(candidates),
      { timeoutMs: 120_000 })).stdout.split('\n').filter(Boolean);
    const left = candidates.filter((i) => !removed.includes(i));
    if (removed.length) ctx.sink.line('record', `removed image(s) ${removed.join(', ')}`);
    if (left.length) ctx.sink.line('record', `image(s) still in use, left: ${left.join(', ')}`);
  } catch (err) {
    ctx.sink.line('record', `old images left in place: ${ctx.redactor.redact(errorText(err))}`);
  }
}

/** Removes old releases, never the current one nor those in `protect`, then their images. */
export async function pruneReleases(ctx: DeployContext,
  protect: readonly (string | undefined)[]): Promise<void> {
  const host = await readHostLayout(ctx);
  const ids = releasesToPrune(host.releases, ctx.config.project.keepReleases,
    [...protect, host.current]);
  if (ids.length === 0) return;

  // Which images each release names, read before any directory goes.
  const imagesOf = await readImages(ctx, host.releases);
  ctx.sink.line('record', `removing old release(s) ${ids.join(', ')}`);
  await remote(ctx, 'pruning releases', pruneArgv(ctx.layout, ids), { timeoutMs: 120_000 });
  if (!imagesOf) return;
  const kept = host.releases.filter((id) => !ids.includes(id));
  await removeImages(ctx, ids, ids.map(imagesOf), kept.map(imagesOf));
}

/**
 * The images a release that never served built and tagged with its id, once its directory
 * has been removed: nothing names them, and no later prune would see the id.
 */
export async function removeUnservedImages(ctx: DeployContext, id: string): Promise<void> {
  const host = await readHostLayout(ctx);
  const imagesOf = await readImages(ctx, host.releases);
  if (imagesOf) await removeImages(ctx, [id], [], host.releases.map(imagesOf));
}
