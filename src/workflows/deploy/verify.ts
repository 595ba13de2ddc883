/**
 * Verify: health-gated with a deadline. The backend container runs the expected image and
 * finished its startup (its migration lines shown live), the gateway answers `/`, the
 * health path answers through the gateway, the WebSocket upgrade gets 101, and the edge's
 * cluster points at the published gateway port.
 */
import { httpProbe, dialerDispatcher } from '../../services/probes/http.js';
import { wsProbe } from '../../services/probes/websocket.js';
import { clusterEndpoints } from '../../services/probes/envoy-parse.js';
import { execFixed, type DeployContext } from './context.js';
import type { VerifyCheck } from './types.js';

/** Verify did not pass in time; the message names the failing checks. */
export class VerifyError extends Error {
  override name = 'VerifyError';
  readonly userFacing = true;

  constructor(readonly checks: VerifyCheck[], why: string) {
    const bad = checks.filter((c) => !c.ok && !c.warning).map((c) => `${c.name}: ${c.detail}`);
    super(`verify failed (${why})${bad.length ? `: ${bad.join('; ')}` : ''}`);
  }
}

/** Backend log lines that mean its startup failed. */
export const STARTUP_FAILED = /(Application startup failed|migration \S+ failed|Traceback)/;
/** The line uvicorn prints when startup (and so the migrations) finished. */
export const STARTUP_DONE = /Application startup complete/;

/** `docker inspect` of a container: status, restarts, start time, image. */
export function containerStateArgv(name: string): string[] {
  return ['docker', 'inspect', '--format',
    '{{.State.Status}} {{.RestartCount}} {{.State.StartedAt}} {{.Config.Image}}', name];
}

/** A container's output since it last started (both streams). */
export function logsSinceArgv(name: string, since: string): string[] {
  return ['docker', 'logs', '--since', since, name];
}

/** What verify has seen of the backend so far. */
interface Watch {
  /** Host time (RFC 3339) the release or rollback began: logs from then on count. */
  since: string;
  startup: 'pending' | 'done' | 'failed';
  failLine?: string;
  shown: number;
}

interface BackendState {
  status: string;
  restarts: number;
  startedAt: string;
  image: string;
}

/** The host's clock, so log times compare with the host's own. */
export const HOST_TIME_ARGV = ['date', '-u', '+%Y-%m-%dT%H:%M:%SZ'];

/** The host's time now (RFC 3339, seconds). */
export async function hostTime(ctx: DeployContext): Promise<string> {
  const r = await execFixed(ctx, HOST_TIME_ARGV, { timeoutMs: 15_000 });
  return r.stdout.trim();
}

async function inspectBackend(ctx: DeployContext): Promise<BackendState | undefined> {
  const r = await execFixed(ctx, containerStateArgv(ctx.config.backend.container),
    { timeoutMs: 15_000 });
  if (r.code !== 0) return undefined;
  const [status, restarts, startedAt, image] = r.stdout.trim().split(' ');
  return { status: status!, restarts: Number(restarts), startedAt: startedAt!, image: image! };
}

/**
 * Shows the backend's log lines since the release began (every start attempt, so a
 * crash-looping migration is seen) and reads its startup state from them.
 */
async function readStartup(ctx: DeployContext, w: Watch): Promise<void> {
  const r = await execFixed(ctx, logsSinceArgv(ctx.config.backend.container, w.since),
    { timeoutMs: 15_000 });
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => ctx.redactor.redact(l.trim()))
    .filter(Boolean);
  for (const line of lines.slice(w.shown)) ctx.sink.line('verify', `backend: ${line}`);
  w.shown = Math.max(w.shown, lines.length);
  // The last attempt decides: a failure before a later "startup complete" was retried.
  const done = lastIndex(lines, STARTUP_DONE);
  const failed = lastIndex(lines, STARTUP_FAILED);
  if (failed >= 0 && failed > done) {
    w.startup = 'failed';
    w.failLine ??= lines.find((l) => /migration \S+ failed/.test(l)) ?? lines[failed];
  } else if (done >= 0) {
    w.startup = 'done';
  }
}

function lastIndex(lines: readonly string[], re: RegExp): number {
  for (let i = lines.length - 1; i >= 0; i -= 1) if (re.test(lines[i]!)) return i;
  return -1;
}

async function checkBackend(ctx: DeployContext, image: string | undefined, w: Watch):
  Promise<VerifyCheck> {
  const name = ctx.config.backend.container;
  const b = await inspectBackend(ctx);
  if (!b) return { name: 'backend', ok: false, detail: `${name} not found` };
  if (image && b.image !== image) {
    return { name: 'backend', ok: false, detail: `${name} runs ${b.image}, not ${image}` };
  }

  // A backend this release did not restart finished its startup long ago.
  const before = b.startedAt.slice(0, 19) < w.since.slice(0, 19);
  if (before && b.status === 'running') w.startup = 'done';
  else await readStartup(ctx, w);
  if (w.startup !== 'done' && (b.status === 'exited' || b.status === 'dead')) {
    w.startup = 'failed';
    w.failLine ??= `${name} ${b.status}`;
  }

  if (w.startup === 'failed') {
    return { name: 'backend', ok: false, detail: `startup failed: ${w.failLine}` };
  }

  const ok = b.status === 'running' && w.startup === 'done';
  return { name: 'backend', ok, detail: `${b.status}, startup ${w.startup}` };
}

async function checkHttp(ctx: DeployContext, name: string, path: string, want: number):
  Promise<VerifyCheck> {
  const g = ctx.config.gateway;
  const dispatcher = dialerDispatcher((s) => ctx.conn.forwardOut(g.host, g.port, s));
  try {
    const r = await httpProbe(`http://${g.host}:${g.port}${path}`, {
      signal: ctx.signal, timeoutMs: 5000, dispatcher,
      headers: { 'X-Forwarded-Proto': 'https' },
    });
    return { name, ok: r.status === want, detail: `GET ${path} -> ${r.status}` };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    return { name, ok: false, detail: `GET ${path}: ${(err as Error).message}` };
  } finally {
    void dispatcher.close();
  }
}

async function checkWs(ctx: DeployContext): Promise<VerifyCheck> {
  const g = ctx.config.gateway;
  try {
    const r = await wsProbe(`ws://${g.host}:${g.port}${ctx.config.backend.wsPath}`, {
      signal: ctx.signal, timeoutMs: 5000, dial: (s) => ctx.conn.forwardOut(g.host, g.port, s),
    });
    return { name: 'websocket', ok: r.upgraded, detail: `upgrade -> ${r.status}` };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    return { name: 'websocket', ok: false, detail: (err as Error).message };
  }
}

async function checkEdge(ctx: DeployContext): Promise<VerifyCheck> {
  const e = ctx.config.edge;
  const url = `${e.controlPlaneUrl.replace(/\/$/, '')}/get-cluster?name=` +
    encodeURIComponent(e.cluster);
  try {
    const r = await httpProbe(url, { signal: ctx.signal, timeoutMs: 5000 });
    const ports = r.status === 200 ? clusterEndpoints(JSON.parse(r.body)).map((p) => p.port)
      : [];
    const ok = ports.includes(ctx.config.gateway.port);
    return { name: 'edge cluster', ok, detail: r.status !== 200 ? `control plane -> ${r.status}`
      : `${e.cluster} -> port ${ports.join(',') || 'none'}, published ${ctx.config.gateway.port}` };
  } catch (err) {
    if (ctx.signal.aborted) throw err;
    // An unreachable control plane says nothing about this release; a wrong port does.
    return { name: 'edge cluster', ok: false, warning: true,
      detail: `not checked: ${(err as Error).message}` };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal.reason);
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Options of verify. */
export interface VerifyOptions {
  /** The image the backend must run (this release's), when known. */
  backendImage?: string;
  /** Host time the release began (see hostTime); default: when verify starts. */
  since?: string;
  timeoutMs?: number;
}

/** Polls every check until all pass, one fails for good, or the deadline passes. */
export async function verifyRelease(ctx: DeployContext, opts: VerifyOptions = {}):
  Promise<VerifyCheck[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  const watch: Watch = { since: opts.since ?? await hostTime(ctx), startup: 'pending',
    shown: 0 };
  for (;;) {
    const checks = [await checkBackend(ctx, opts.backendImage, watch)];
    if (checks[0]!.ok) {
      checks.push(await checkHttp(ctx, 'gateway', '/', 200));
      checks.push(await checkHttp(ctx, 'health', ctx.config.backend.healthPath, 200));
      checks.push(await checkWs(ctx), await checkEdge(ctx));
    }

    for (const c of checks) ctx.sink.verify(c);
    if (checks.length > 1 && checks.every((c) => c.ok || c.warning)) return checks;
    if (watch.startup === 'failed') throw new VerifyError(checks, 'the backend did not start');
    if (Date.now() > deadline) throw new VerifyError(checks, 'timed out');
    await sleep(1000, ctx.signal);
  }
}
