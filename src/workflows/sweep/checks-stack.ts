/** The Gateway and Backend panes: containers, probes through the gateway, the direct probe. */
import type { Facts } from './facts.js';
import type { ContainerFacts } from './target-types.js';
import {
  durationWords, failed, httpStatusClass, statusFrom, type CheckDef, type Verdict,
} from './words.js';

/** A container's state in words, and whether that is healthy. */
export function containerVerdict(name: string, c: ContainerFacts | undefined,
  now = Date.now()): Verdict {
  if (!c) return { status: 'failing', words: `no container ${name}` };
  if (!c.running) {
    const why = c.error ? `: ${c.error}` : '';
    return { status: 'failing', words: `${c.state}, not running${why}` };
  }

  const parts = ['running'];
  if (c.health) parts.push(c.health);
  if (c.startedAt) parts.push(`up ${durationWords(now - c.startedAt)}`);
  const published = new Set(c.ports.filter((p) => p.hostPort)
    .map((p) => `${p.hostPort}->${p.containerPort}`));
  if (published.size) parts.push(`publishes ${[...published].join(' ')}`);
  if (c.restartCount) parts.push(`${c.restartCount} restarts`);
  const status = c.health === 'unhealthy' ? 'failing' : c.health === 'starting' ? 'warning' : 'ok';
  return { status, words: parts.join(', ') };
}

async function gatewayContainer(f: Facts): Promise<Verdict> {
  const name = f.o.config.gateway.container;
  const o = await f.container(name);
  if (!o.ok) return failed(o);
  return { ...containerVerdict(name, o.value), latencyMs: o.ms };
}

/** `GET /` on the gateway: must be nginx answering, not whatever else holds the port. */
async function gatewayRoot(f: Facts): Promise<Verdict> {
  const o = await f.gatewayHttp('/');
  if (!o.ok) return failed(o);
  const r = o.value;
  if (r.server && !/nginx/i.test(r.server)) {
    return { status: 'failing', latencyMs: r.latencyMs,
      words: `port ${f.o.config.gateway.port} answers ${r.status} from ${r.server}, not nginx` };
  }

  return { status: httpStatusClass(r.status), words: statusFrom(r.status, r.server),
    latencyMs: r.latencyMs };
}

async function gatewayHealth(f: Facts): Promise<Verdict> {
  const o = await f.gatewayHttp(f.o.config.backend.healthPath);
  if (!o.ok) return failed(o);
  const r = o.value;
  const words = `${f.o.config.backend.healthPath} ${statusFrom(r.status, r.server)}`;
  return { status: httpStatusClass(r.status), words, latencyMs: r.latencyMs };
}

async function gatewayWs(f: Facts): Promise<Verdict> {
  const o = await f.gatewayWs();
  if (!o.ok) return failed(o);
  const r = o.value;
  if (r.upgraded) return { status: 'ok', words: '101 upgraded', latencyMs: r.latencyMs };
  const lost = [400, 404, 426].includes(r.status) && /nginx/i.test(r.server ?? '')
    ? ': the request reached the backend without Upgrade (nginx does not pass ' +
      'Upgrade/Connection)' : '';
  const why = r.problem ? `: ${r.problem}` : lost;
  return { status: 'failing', latencyMs: r.latencyMs,
    words: `upgrade answered ${statusFrom(r.status, r.server)} instead of 101${why}` };
}

async function gatewayLogin(f: Facts): Promise<Verdict> {
  const o = await f.gatewayHttp(f.o.config.backend.loginPath, { 'x-forwarded-proto': 'https' });
  if (!o.ok) return failed(o);
  const { location, status, latencyMs, server } = o.value;
  if (!location) {
    return { status: status >= 500 ? 'failing' : 'unknown', latencyMs,
      words: `${statusFrom(status, server)}, no redirect to judge` };
  }

  if (location.startsWith('http://')) {
    return { status: 'failing', latencyMs,
      words: 'login redirects to http:// although the request came over https: ' +
        'X-Forwarded-Proto is not passed on' };
  }

  return { status: 'ok', words: `redirects to ${location.split('?')[0]}`, latencyMs };
}

async function backendContainer(f: Facts): Promise<Verdict> {
  const name = f.o.config.backend.container;
  const o = await f.container(name);
  if (!o.ok) return failed(o);
  return { ...containerVerdict(name, o.value), latencyMs: o.ms };
}

async function backendDirect(f: Facts): Promise<Verdict> {
  const o = await f.backendDirect();
  if (!o) {
    const c = await f.container(f.o.config.backend.container);
    const why = !c.ok ? 'the container could not be inspected'
      : !c.value?.running ? 'the container is not running' : 'the container has no address';
    const status = c.ok && c.value?.running ? 'unknown' : 'failing';
    return { status, words: `not probed: ${why}` };
  }

  if (!o.ok) return failed(o);
  const r = o.value;
  const words = `port ${f.o.config.backend.port} ${statusFrom(r.status, r.server)}`;
  return { status: httpStatusClass(r.status), words, latencyMs: r.latencyMs };
}

const STARTUP = /startup complete|started server process|uvicorn running/i;
const MIGRATION = /migrat/i;
const TROUBLE = /traceback|\berror\b|exception|failed|already exists/i;

const squeeze = (line: string): string => line.trim().replace(/\s+/g, ' ');

function lastIndex(lines: string[], re: RegExp): number {
  for (let i = lines.length - 1; i >= 0; i--) if (re.test(lines[i]!)) return i;
  return -1;
}

/** The latest startup and migration lines, and trouble after the last startup. */
export function startupVerdict(lines: string[]): Verdict {
  const lastStart = lastIndex(lines, STARTUP);
  const troubleAt = lastIndex(lines.slice(lastStart + 1), TROUBLE);
  const trouble = troubleAt < 0 ? undefined : lines[lastStart + 1 + troubleAt];
  if (trouble) return { status: 'failing', words: squeeze(trouble) };
  const migration = lines[lastIndex(lines, MIGRATION)];
  if (lastStart < 0) {
    return { status: 'unknown', words: migration ? squeeze(migration)
      : 'no startup line in the last 200' };
  }

  const start = squeeze(lines[lastStart]!);
  return { status: 'ok', words: migration ? `${start}; ${squeeze(migration)}` : start };
}

async function backendStartup(f: Facts): Promise<Verdict> {
  const o = await f.backendLogs();
  if (!o.ok) return failed(o);
  return { ...startupVerdict(o.value), latencyMs: null };
}

/** The Gateway pane's checks. */
export const GATEWAY_CHECKS: CheckDef[] = [
  { id: 'gateway.container', pane: 'gateway', label: 'container', run: gatewayContainer },
  { id: 'gateway.root', pane: 'gateway', label: 'GET /', run: gatewayRoot },
  { id: 'gateway.health', pane: 'gateway', label: 'API health', run: gatewayHealth },
  { id: 'gateway.ws', pane: 'gateway', label: 'WebSocket', run: gatewayWs },
  { id: 'gateway.login', pane: 'gateway', label: 'login scheme', run: gatewayLogin },
];

/** The Backend pane's checks. */
export const BACKEND_CHECKS: CheckDef[] = [
  { id: 'backend.container', pane: 'backend', label: 'container', run: backendContainer },
  { id: 'backend.direct', pane: 'backend', label: 'direct health', run: backendDirect },
  { id: 'backend.startup', pane: 'backend', label: 'startup', run: backendStartup },
];
