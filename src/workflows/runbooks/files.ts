/**
 * The files the static checks read: docker-compose.yml, the gateway's nginx.conf and the
 * backend's Dockerfile. The host's copy is preferred (it is what runs); the workspace copy
 * is the fallback. Each run fetches them once and shares them between runbooks.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { findService, parseCompose, type ComposeModel } from '../../services/analyze/index.js';
import type { TroubleshootContext } from './model.js';

/** One file's text and the name evidence uses for it. */
export interface LoadedFile {
  text: string;
  /** `host:/abs/path` or the workspace-relative path. */
  file: string;
  source: 'host' | 'workspace';
}

/** The stack's files, as far as they were found. */
export interface StackFiles {
  compose?: LoadedFile;
  composeModel?: ComposeModel;
  nginx?: LoadedFile;
  dockerfile?: LoadedFile;
  /** Why host copies could not be read, when they could not. */
  hostError?: string;
}

const DEFAULT_NGINX = 'app/frontend/nginx/nginx.conf';
const SKIP_DIRS = new Set(['node_modules', '.git', '__pycache__', 'data', 'dist', 'build']);
const runs = new WeakMap<TroubleshootContext, Promise<StackFiles>>();

/** Workspace-relative paths of nginx configs that proxy something, best first. */
export async function findNginxConfigs(workspace: string, depth = 5): Promise<string[]> {
  const found: string[] = [];
  if (!workspace) return found;
  const walk = async (dir: string, left: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }

    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && left > 0 && !SKIP_DIRS.has(e.name)) await walk(full, left - 1);
      const conf = e.name === 'nginx.conf' || (e.name.endsWith('.conf') && /nginx/.test(dir));
      if (e.isFile() && conf) found.push(path.relative(workspace, full));
    }
  };
  await walk(workspace, depth);
  return found.sort((a, b) => Number(b === DEFAULT_NGINX) - Number(a === DEFAULT_NGINX));
}

async function local(workspace: string, rel: string): Promise<LoadedFile | undefined> {
  if (!workspace) return undefined;
  try {
    return { text: await readFile(path.join(workspace, rel), 'utf8'), file: rel,
      source: 'workspace' };
  } catch {
    return undefined;
  }
}

async function load(ctx: TroubleshootContext, signal: AbortSignal, rel: string,
  errors: string[]): Promise<LoadedFile | undefined> {
  const remote = path.posix.join(ctx.config.project.remoteDir, rel);
  try {
    const text = await ctx.host.readFile(remote, { signal, timeoutMs: ctx.timeoutMs });
    if (text !== undefined) return { text, file: `${ctx.host.label}:${remote}`, source: 'host' };
  } catch (err) {
    errors.push((err as Error).message);
  }

  return local(ctx.workspace, rel);
}

/** The backend's Dockerfile, relative to the project, as the compose file builds it. */
export function backendDockerfile(model: ComposeModel | undefined,
  backend: { service: string; container: string }): string {
  const svc = model && findService(model, [backend.service, backend.container]);
  const build = svc?.build;
  if (!build) return 'app/ai-hub/Dockerfile';
  const context = build.context ?? '.';
  return path.posix.normalize(path.posix.join(context, build.dockerfile ?? 'Dockerfile'));
}

async function fetchAll(ctx: TroubleshootContext, signal: AbortSignal): Promise<StackFiles> {
  const errors: string[] = [];
  const out: StackFiles = {};
  out.compose = await load(ctx, signal, ctx.config.project.composeFile, errors);
  if (out.compose) out.composeModel = parseCompose(out.compose.text, out.compose.file);
  const nginxRel = (await findNginxConfigs(ctx.workspace))[0] ?? DEFAULT_NGINX;
  out.nginx = await load(ctx, signal, nginxRel, errors);
  const dockerfile = backendDockerfile(out.composeModel, ctx.config.backend);
  out.dockerfile = await load(ctx, signal, dockerfile, errors);
  if (errors.length) out.hostError = errors[0];
  return out;
}

/** The stack's files for this run, fetched once per context until `forgetFiles`. */
export function stackFiles(ctx: TroubleshootContext, signal: AbortSignal): Promise<StackFiles> {
  let run = runs.get(ctx);
  if (!run) {
    run = fetchAll(ctx, signal);
    runs.set(ctx, run);
    run.catch(() => runs.delete(ctx));
  }

  return run;
}

/** Drops the fetched files, so the next run (a re-check) reads them again. */
export function forgetFiles(ctx: TroubleshootContext): void {
  runs.delete(ctx);
}

/** The host port compose publishes for the gateway's container port, with its line. */
export function publishedGatewayPort(
  files: StackFiles, ctx: TroubleshootContext,
): { port: number; line: number; file: string; raw: string } | undefined {
  const { gateway } = ctx.config;
  const svc = files.composeModel &&
    findService(files.composeModel, [gateway.service, gateway.container]);
  const entry = svc?.ports.find((p) => p.target?.start === 80 && p.published) ??
    svc?.ports.find((p) => p.published);
  if (!entry?.published || !files.compose) return undefined;
  return { port: entry.published.start, line: entry.line, file: files.compose.file,
    raw: entry.raw };
}
