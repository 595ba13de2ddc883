/**
 * The plan: everything a release would do, found without changing anything on the host. A
 * read of the host's layout, an rsync dry run against the current release, the workspace's
 * git state and the compose file checked.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readGitState, type GitState } from '../../services/git.js';
import { runLocal } from '../../services/runner.js';
import { buildDryRunArgs, type RsyncSpec } from '../../services/rsync/args.js';
import { RsyncError } from '../../services/rsync/exit-codes.js';
import { parseItemized, type ChangeSummary } from '../../services/rsync/parse.js';
import {
  composeConfigCheck, COMPOSE_PROBES, parseComposeVersion, type ComposeFlavor,
} from '../../services/compose/argv.js';
import {
  composeFileVersion, composeServiceModels, type ServiceModel,
} from '../../services/compose/images.js';
import {
  inspectArgv, newReleaseId, parseInspect, RELEASE_FILES, releaseDir, type HostLayout,
} from '../../services/release/layout.js';
import { remote, type DeployContext } from './context.js';
import type { PlanView } from './types.js';

/** The plan plus what later steps need. */
export interface Plan extends PlanView {
  host: HostLayout;
  models: ServiceModel[];
  changedPaths: string[];
  composeVersion?: string;
  /** The release unchanged files are hard-linked from (absolute, on the host). */
  linkDest?: string;
  /** The id the plain project directory gets when adopted. */
  legacyId?: string;
  git: GitState;
  summary: ChangeSummary;
}

/** The rsync spec of a config. */
export function rsyncSpec(ctx: DeployContext): RsyncSpec {
  const p = ctx.config.project;
  return {
    target: ctx.target, workspace: p.workspace, excludes: p.excludes, protect: p.protect,
    hostOnly: Object.values(RELEASE_FILES),
  };
}

/** Runs the dry run; rejects with RsyncError on failure. */
async function dryRun(ctx: DeployContext): Promise<ChangeSummary> {
  const argv = buildDryRunArgs(rsyncSpec(ctx), ctx.layout.remoteDir);
  const result = await runLocal(argv, { signal: ctx.signal, timeoutMs: 120_000 });
  if (result.code !== 0) throw new RsyncError(result.code, ctx.redactor.redact(result.stderr));
  return parseItemized(result.stdout);
}

/** `config -q` with the local compose when there is one; otherwise says it runs later. */
async function localComposeCheck(ctx: DeployContext, file: string): Promise<string> {
  let flavor: ComposeFlavor | undefined;
  for (const probe of COMPOSE_PROBES) {
    try {
      const r = await runLocal(probe.argv, { signal: ctx.signal, timeoutMs: 10_000 });
      if (r.code === 0 && parseComposeVersion(probe.flavor, r.stdout)) {
        flavor = parseComposeVersion(probe.flavor, r.stdout)!.flavor;
        break;
      }
    } catch (err) {
      if (ctx.signal.aborted) throw err;
    }
  }

  if (!flavor) return 'checked on the host before the build (no local compose)';
  const argv = composeConfigCheck({
    flavor, project: projectName(ctx), files: [file], projectDir: path.dirname(file),
  });
  const r = await runLocal(argv, { signal: ctx.signal, timeoutMs: 30_000 });
  if (r.code === 0) return 'ok';
  const last = r.stderr.trim().split('\n').pop() ?? '';
  return `invalid: ${ctx.redactor.redact(last)}`;
}

/** The pinned compose project name. */
export function projectName(ctx: Pick<DeployContext, 'config' | 'layout'>): string {
  return ctx.config.project.projectName ??
    ctx.layout.name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}

/** Makes the plan. Reads only. */
export async function makePlan(ctx: DeployContext, now = new Date()): Promise<Plan> {
  const p = ctx.config.project;
  const git = await readGitState(p.workspace, ctx.signal);
  const inspect = await remote(ctx, 'reading the release layout', inspectArgv(ctx.layout),
    { timeoutMs: 30_000 });
  const host = parseInspect(inspect.stdout);
  const summary = await dryRun(ctx);
  const composeFile = path.resolve(p.workspace, p.composeFile);
  const text = await readFile(composeFile, 'utf8');
  const models = composeServiceModels(text);
  const suffix = git.commit?.slice(0, 7) ?? randomBytes(4).toString('hex');
  const releaseId = newReleaseId(now, suffix);
  const legacy = host.kind === 'dir' ? newReleaseId(new Date(now.getTime() - 1000), 'legacy')
    : undefined;
  const linkDest = legacy ? releaseDir(ctx.layout, legacy)
    : host.current ? releaseDir(ctx.layout, host.current) : undefined;

  return {
    releaseId, target: ctx.conn.label, environment: ctx.config.environment,
    production: ctx.config.production, remoteDir: p.remoteDir,
    commit: git.commit, branch: git.branch, dirty: git.dirty,
    changes: {
      added: summary.added, changed: summary.changed, deleted: summary.deleted,
      bytes: summary.bytes,
    },
    currentRelease: host.current, composeCheck: await localComposeCheck(ctx, composeFile),
    services: models.map((m) => m.name), adoptsLegacy: host.kind === 'dir',
    host, models, composeVersion: composeFileVersion(text), linkDest, legacyId: legacy,
    changedPaths: [...summary.added, ...summary.changed, ...summary.deleted], git, summary,
  };
}
