/**
 * Envoy's HTTP control plane (`GET /get-cluster?name=`, `POST /add-cluster`) and its admin
 * API (/ready, /clusters, /stats, /server_info, /config_dump, /certs). Every call has its own
 * deadline and honours an AbortSignal; transport failures are ProbeErrors, unreadable answers
 * EnvoyFormatErrors and refusals EnvoyError, each with a one-line message.
 */
import { httpProbe, type HttpProbeResult } from './probes/http.js';
import {
  clusterEndpoints, EnvoyFormatError, parseClusters, parseStats,
  type EnvoyClusterStatus, type EnvoyEndpoint,
} from './probes/envoy-parse.js';

export {
  EnvoyFormatError, parseClusters, parseStats, clusterEndpoints,
  type EnvoyClusterStatus, type EnvoyEndpoint, type EnvoyHost,
} from './probes/envoy-parse.js';

/** Deadline and cancellation of one call. */
export interface EnvoyCallOptions {
  signal?: AbortSignal;
  /** Milliseconds; default 5000. */
  timeoutMs?: number;
}

/** The control plane or the admin API refused a request. */
export class EnvoyError extends Error {
  override name = 'EnvoyError';
  readonly userFacing = true;

  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** The cluster is not known to the control plane. */
export class ClusterNotFoundError extends EnvoyError {
  override name = 'ClusterNotFoundError';

  constructor(readonly cluster: string, url: string) {
    super(`the control plane at ${url} has no cluster ${cluster}; check edge.cluster`, 404);
  }
}

/** A cluster as the control plane holds it. */
export interface ClusterInfo {
  name: string;
  /** The first endpoint: the one traffic goes to. */
  endpoint?: EnvoyEndpoint;
  endpoints: EnvoyEndpoint[];
  /** The JSON as returned, for reports and for posting back. */
  raw: unknown;
  latencyMs: number;
}

function join(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path;
}

function parseJson(res: HttpProbeResult, what: string): unknown {
  try {
    return JSON.parse(res.body);
  } catch {
    throw new EnvoyFormatError(`${what} did not return JSON (status ${res.status})`);
  }
}

function requireOk(res: HttpProbeResult, what: string): void {
  if (res.status >= 200 && res.status < 300) return;
  const detail = res.body.trim().split('\n')[0]?.slice(0, 120) ?? '';
  throw new EnvoyError(`${what} answered ${res.status}${detail ? `: ${detail}` : ''}`,
    res.status);
}

/** Reads one cluster from the control plane. */
export async function getCluster(url: string, name: string, opts: EnvoyCallOptions = {}):
  Promise<ClusterInfo> {
  const res = await httpProbe(join(url, `/get-cluster?name=${encodeURIComponent(name)}`), opts);
  if (res.status === 404) throw new ClusterNotFoundError(name, url);
  requireOk(res, 'the control plane (GET /get-cluster)');
  const raw = parseJson(res, 'the control plane (GET /get-cluster)');
  const endpoints = clusterEndpoints(raw);
  return { name, endpoint: endpoints[0], endpoints, raw, latencyMs: res.latencyMs };
}

/** Posts a cluster definition (proto3 JSON) to the control plane. */
export async function addCluster(url: string, body: unknown, opts: EnvoyCallOptions = {}):
  Promise<unknown> {
  const res = await httpProbe(join(url, '/add-cluster'), {
    ...opts, method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  requireOk(res, 'the control plane (POST /add-cluster)');
  return res.body.trim() === '' ? {} : parseJson(res, 'the control plane (POST /add-cluster)');
}

/** What /ready says. */
export interface ReadyResult {
  ready: boolean;
  /** LIVE, PRE_INITIALIZING, INITIALIZING, DRAINING… */
  state: string;
  status: number;
  latencyMs: number;
}

/** Admin /ready: 200 LIVE when Envoy serves traffic, 503 otherwise. */
export async function ready(adminUrl: string, opts: EnvoyCallOptions = {}): Promise<ReadyResult> {
  const res = await httpProbe(join(adminUrl, '/ready'), opts);
  const state = res.body.trim().split('\n')[0] ?? '';
  return { ready: res.status === 200, state, status: res.status, latencyMs: res.latencyMs };
}

/** Admin /clusters?format=json, parsed. */
export async function clusters(adminUrl: string, opts: EnvoyCallOptions = {}):
  Promise<EnvoyClusterStatus[]> {
  const res = await httpProbe(join(adminUrl, '/clusters?format=json'),
    { ...opts, maxBodyBytes: 4 << 20 });
  requireOk(res, 'admin /clusters');
  return parseClusters(res.body);
}

/** Admin /stats as name -> value (counters and gauges; histograms are skipped). */
export async function stats(adminUrl: string,
  opts: EnvoyCallOptions & { format?: 'text' | 'json'; filter?: string } = {}):
  Promise<Record<string, number>> {
  const q = new URLSearchParams();
  if (opts.format === 'json') q.set('format', 'json');
  if (opts.filter) q.set('filter', opts.filter);
  const query = q.size ? `?${q.toString()}` : '';
  const res = await httpProbe(join(adminUrl, `/stats${query}`),
    { ...opts, maxBodyBytes: 8 << 20 });
  requireOk(res, 'admin /stats');
  return parseStats(res.body);
}

async function adminJson(adminUrl: string, path: string, opts: EnvoyCallOptions):
  Promise<unknown> {
  const res = await httpProbe(join(adminUrl, path), { ...opts, maxBodyBytes: 8 << 20 });
  requireOk(res, `admin ${path}`);
  return parseJson(res, `admin ${path}`);
}

/** Admin /server_info: version, state and uptime. */
export async function serverInfo(adminUrl: string, opts: EnvoyCallOptions = {}):
  Promise<{ version: string; state: string; uptimeSeconds: number; raw: unknown }> {
  const raw = await adminJson(adminUrl, '/server_info', opts);
  const obj = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const uptime = String(obj.uptime_current_epoch ?? obj.uptimeCurrentEpoch ?? '0');
  return {
    version: String(obj.version ?? ''), state: String(obj.state ?? ''),
    uptimeSeconds: Number.parseFloat(uptime) || 0, raw,
  };
}

/** Admin /config_dump, as returned (Envoy redacts private keys itself). */
export function configDump(adminUrl: string, opts: EnvoyCallOptions = {}): Promise<unknown> {
  return adminJson(adminUrl, '/config_dump', opts);
}

/** One certificate Envoy serves, from /certs. */
export interface EnvoyCert {
  path: string;
  daysUntilExpiration: number;
  expirationTime: string;
}

/** Admin /certs: the certificates Envoy has loaded and when they expire. */
export async function certs(adminUrl: string, opts: EnvoyCallOptions = {}):
  Promise<EnvoyCert[]> {
  const raw = await adminJson(adminUrl, '/certs', opts) as { certificates?: unknown };
  const out: EnvoyCert[] = [];
  for (const c of Array.isArray(raw?.certificates) ? raw.certificates : []) {
    const chain = (c as { cert_chain?: unknown }).cert_chain;
    for (const item of Array.isArray(chain) ? chain : []) {
      const i = item as Record<string, unknown>;
      out.push({
        path: String(i.path ?? ''),
        daysUntilExpiration: Number(i.days_until_expiration ?? NaN),
        expirationTime: String(i.expiration_time ?? ''),
      });
    }
  }

  return out;
}
