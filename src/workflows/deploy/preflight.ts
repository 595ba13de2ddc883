/**
 * Preflight: the host is fit for a release, checked without changing anything. SSH with a
 * verified host key, Docker answering, which compose, disk space, the project directory
 * allowed, and the published gateway port free or held by this stack.
 */
import {
  COMPOSE_PROBES, ComposeMissingError, parseComposeVersion, type ComposeInfo,
} from '../../services/compose/argv.js';
import { validateRemoteDir } from '../../services/release/layout.js';
import { formatBytes } from '../../services/rsync/parse.js';
import { execFixed, remote, RemoteCommandError, type DeployContext } from './context.js';
import type { Plan } from './plan.js';
import { projectName } from './plan.js';
import { findingPlace, workspaceFindings } from './static-checks.js';

/** A preflight check failed; the message says which and what to do. */
export class PreflightError extends Error {
  override name = 'PreflightError';
  readonly userFacing = true;
}

/** What preflight learned. */
export interface PreflightResult {
  compose: ComposeInfo;
  dockerVersion: string;
}

/** `docker version` for the server's version only. */
export const DOCKER_VERSION_ARGV = ['docker', 'version', '--format', '{{.Server.Version}}'];

/** Containers with their compose project and published ports, tab-separated. */
export const DOCKER_PS_ARGV = ['docker', 'ps', '--format',
  '{{.Names}}\t{{.Label "com.docker.compose.project"}}\t{{.Ports}}'];

/** Who publishes `port` among `docker ps` lines: `[name, project]` pairs. */
export function portHolders(psOutput: string, port: number): [string, string][] {
  const out: [string, string][] = [];
  const re = new RegExp(`:${port}->`);
  for (const line of psOutput.split('\n')) {
    const [name, project, ports] = line.split('\t');
    if (name && ports && re.test(ports)) out.push([name, project ?? '']);
  }

  return out;
}

/** Listening sockets on a port, with the process when the host tells. */
export function listenArgv(port: number): string[] {
  return ['sh', '-c', 'ss -Hltnp "sport = :$1" 2>/dev/null || true', 'sh', String(port)];
}

async function checkDocker(ctx: DeployContext): Promise<string> {
  try {
    const r = await remote(ctx, 'docker version', DOCKER_VERSION_ARGV, { timeoutMs: 20_000 });
    return r.stdout.trim();
  } catch (err) {
    if (!(err instanceof RemoteCommandError)) throw err;
    throw new PreflightError(`Docker is not reachable on the host (${err.tail.trim()
      .split('\n').pop() ?? ''}); start the Docker daemon there and try again`);
  }
}

/** Finds compose on the host: v2 first, then v1. */
export async function detectCompose(ctx: DeployContext): Promise<ComposeInfo> {
  const tried: string[] = [];
  for (const probe of COMPOSE_PROBES) {
    const r = await execFixed(ctx, probe.argv, { timeoutMs: 20_000 });
    const info = r.code === 0 ? parseComposeVersion(probe.flavor, r.stdout) : undefined;
    if (info) return info;
    tried.push(`${probe.argv.slice(0, 2).join(' ')}: exit ${r.code}`);
  }

  throw new ComposeMissingError(tried.join('; '));
}

async function checkPort(ctx: DeployContext, port: number): Promise<string> {
  const ps = await remote(ctx, 'docker ps', DOCKER_PS_ARGV, { timeoutMs: 20_000 });
  const project = projectName(ctx);
  const holders = portHolders(ps.stdout, port);
  const strangers = holders.filter(([, p]) => p !== project);
  if (strangers.length > 0) {
    const names = strangers.map(([n, p]) => `${n}${p ? ` (project ${p})` : ''}`).join(', ');
    throw new PreflightError(`port ${port} is published by container ${names}, not by ` +
      `this stack; stop it or change gateway.port and the compose file`);
  }

  if (holders.length > 0) return `port ${port}: held by this stack (${holders[0]![0]})`;
  const ss = await remote(ctx, 'ss', listenArgv(port), { timeoutMs: 10_000 });
  if (ss.stdout.trim() !== '') {
    const proc = /users:\(\("([^"]+)",pid=(\d+)/.exec(ss.stdout);
    const who = proc ? `process ${proc[1]} (pid ${proc[2]})` : 'a process on the host';
    throw new PreflightError(`port ${port} is in use by ${who}; free it or change ` +
      'gateway.port and the compose file');
  }

  return `port ${port}: free`;
}

function checkDisk(plan: Plan): string {
  const free = (plan.host.freeKb ?? 0) * 1024;
  const need = plan.changes.bytes * 2 + 512 * 1024 * 1024;
  if (plan.host.freeKb !== undefined && free < need) {
    throw new PreflightError(`only ${formatBytes(free)} free beside ${plan.remoteDir}; a ` +
      `release needs about ${formatBytes(need)}; free some space (docker image prune)`);
  }

  return `disk: ${plan.host.freeKb === undefined ? 'unknown' : formatBytes(free)} free`;
}

/** The troubleshoot checks on the workspace's files: warnings are said, failures stop. */
async function checkWorkspace(ctx: DeployContext, say: (text: string) => void): Promise<void> {
  const results = await workspaceFindings(ctx.config);
  for (const { finding: f } of results) {
    if (f.verdict === 'warning') say(`warning ${f.code} ${findingPlace(f)}: ${f.title}`);
  }

  const blocking = results.filter((r) => r.blocks).map((r) => r.finding);
  if (blocking.length === 0) {
    say(`troubleshoot checks: ${results.length} findings on the workspace, none blocking`);
    return;
  }

  const list = blocking.map((f) => `${f.code} ${findingPlace(f)} ${f.title}`).join('; ');
  throw new PreflightError(`the workspace fails troubleshoot checks: ${list}; fix them ` +
    '(cortex-ops doctor explains each code) and release again');
}

/** Runs every check; each passing one is a line under the step. Throws PreflightError. */
export async function preflight(ctx: DeployContext, plan: Plan): Promise<PreflightResult> {
  const say = (text: string): void => ctx.sink.line('preflight', text);
  say(`ssh: ${ctx.conn.label}, host key verified`);
  validateRemoteDir(ctx.config.project.remoteDir, plan.host.home);
  if (plan.host.kind === 'other') {
    throw new PreflightError(`${plan.remoteDir} exists but is neither a directory nor a ` +
      'symlink; move it away');
  }

  say(`project: ${plan.remoteDir} (${plan.adoptsLegacy ? 'plain directory, will be ' +
    'adopted as the first release' : plan.host.kind})`);
  const dockerVersion = await checkDocker(ctx);
  say(`docker: ${dockerVersion}`);
  const compose = await detectCompose(ctx);
  say(`compose: ${compose.flavor} ${compose.version}`);
  say(checkDisk(plan));
  say(await checkPort(ctx, ctx.config.gateway.port));
  if (plan.composeCheck.startsWith('invalid')) {
    throw new PreflightError(`the compose file is ${plan.composeCheck}; fix it first`);
  }

  await checkWorkspace(ctx, say);

  return { compose, dockerVersion };
}
