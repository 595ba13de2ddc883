/**
 * Build: `compose build` in the new release directory while the running containers keep
 * serving. Each built service is tagged with the release id; where the image came out the
 * same as the one running, the running one's name is kept so compose leaves it alone.
 */
import path from 'node:path/posix';
import {
  composeBuild, composeConfigCheck, type ComposeInfo, type ComposeTarget,
} from '../../services/compose/argv.js';
import {
  chooseImages, imageOverrideYaml, releaseImage, servicesWithChangedBinds,
} from '../../services/compose/images.js';
import { emptyBuild, foldBuildLine } from '../../services/compose/progress.js';
import { RELEASE_FILES, releaseDir, writeFileArgv } from '../../services/release/layout.js';
import { remote, type DeployContext } from './context.js';
import { linkShared } from './sync.js';
import { projectName, type Plan } from './plan.js';

/** What the release step needs from the build. */
export interface BuildResult {
  images: Record<string, string>;
  /** Services recreated although their image did not change (bind mounts changed). */
  forced: string[];
}

/** The compose target for a directory on the host that holds a release. */
export function composeTargetAt(ctx: DeployContext, compose: ComposeInfo, dir: string,
  withOverride: boolean): ComposeTarget {
  const files = [path.join(dir, ctx.config.project.composeFile)];
  if (withOverride) files.push(path.join(dir, RELEASE_FILES.override));
  return { flavor: compose.flavor, project: projectName(ctx), files, projectDir: dir };
}

/** Running containers of the project: service -> image name. */
export function runningImagesArgv(project: string): string[] {
  return ['docker', 'ps', '--filter', `label=com.docker.compose.project=${project}`,
    '--format', '{{.Label "com.docker.compose.service"}}\t{{.Image}}'];
}

/** Image ids by name; a missing image prints nothing for it. */
export function imageIdsArgv(names: readonly string[]): string[] {
  return ['sh', '-c', 'for i in "$@"; do printf "%s\\t%s\\n" "$i" ' +
    '"$(docker image inspect --format "{{.Id}}" "$i" 2>/dev/null)"; done', 'sh', ...names];
}

function parseTable(stdout: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const [k, v] = line.split('\t');
    if (k && v) out[k] = v.trim();
  }

  return out;
}

async function writeOverride(ctx: DeployContext, plan: Plan, images: Record<string, string>) {
  const file = path.join(releaseDir(ctx.layout, plan.releaseId), RELEASE_FILES.override);
  await remote(ctx, 'writing the image override', writeFileArgv(file), {
    timeoutMs: 15_000, stdin: imageOverrideYaml(plan.releaseId, images, plan.composeVersion),
  });
}

async function compareImages(ctx: DeployContext, fresh: Record<string, string>):
  Promise<Record<string, string>> {
  const running = parseTable((await remote(ctx, 'docker ps', runningImagesArgv(
    projectName(ctx)), { timeoutMs: 20_000 })).stdout);
  const names = [...new Set([...Object.values(fresh), ...Object.values(running)])];
  const ids = parseTable((await remote(ctx, 'docker image inspect', imageIdsArgv(names),
    { timeoutMs: 30_000 })).stdout);
  const pick = (m: Record<string, string>) => Object.fromEntries(Object.entries(m)
    .filter(([, image]) => ids[image]).map(([s, image]) => [s, { image, id: ids[image]! }]));
  return chooseImages(pick(fresh), pick(running));
}

/** The whole build step. */
export async function buildRelease(ctx: DeployContext, plan: Plan, compose: ComposeInfo):
  Promise<BuildResult> {
  await linkShared(ctx, plan);
  const built = plan.models.filter((m) => m.builds).map((m) => m.name);
  const fresh = Object.fromEntries(built.map((s) => [s,
    releaseImage(projectName(ctx), s, plan.releaseId)]));
  await writeOverride(ctx, plan, fresh);
  const target = composeTargetAt(ctx, compose, releaseDir(ctx.layout, plan.releaseId), true);
  await remote(ctx, 'compose config -q', composeConfigCheck(target),
    { timeoutMs: 60_000, stream: 'build' });

  let progress = emptyBuild();
  await remote(ctx, 'compose build', composeBuild(target), {
    timeoutMs: 30 * 60_000, stream: 'build',
    onLine: (line) => {
      progress = foldBuildLine(progress, line);
      ctx.sink.build(progress);
    },
  });

  const images = await compareImages(ctx, fresh);
  for (const s of built) images[s] ??= fresh[s]!;
  await writeOverride(ctx, plan, images);
  const unchanged = built.filter((s) => images[s] !== fresh[s]);
  for (const s of unchanged) ctx.sink.line('build', `${s}: image unchanged, keeps ${images[s]}`);
  const forced = servicesWithChangedBinds(plan.models, plan.changedPaths)
    .filter((s) => !built.includes(s) || unchanged.includes(s));
  return { images, forced };
}
