/** The Edge pane: control plane, admin API, endpoint health, error rates, certificate, drift. */
import type { Facts } from './facts.js';
import { ClusterNotFoundError } from '../../services/envoy.js';
import {
  failed, httpStatusClass, statusFrom, type CheckDef, type Verdict,
} from './words.js';

/** The port the gateway publishes for container port 80, and where that came from. */
export async function gatewayPublishedPort(f: Facts): Promise<{ port: number; from: string }> {
  const c = await f.container(f.o.config.gateway.container);
  const bound = c.ok ? c.value?.ports.find((p) => p.containerPort === 80 && p.hostPort) : undefined;
  if (bound?.hostPort) return { port: bound.hostPort, from: 'docker' };
  return { port: f.o.config.gateway.port, from: 'config' };
}

/** Drift between the cluster's endpoint port and the gateway's published port. */
export async function drift(f: Facts): Promise<Verdict> {
  const control = await f.control();
  if (!control.ok) {
    return { status: 'unknown', words: 'cannot compare: the control plane did not answer' };
  }

  const ep = control.value.endpoint;
  if (!ep) return { status: 'failing', words: 'the cluster has no endpoint at all' };
  const gw = await gatewayPublishedPort(f);
  if (ep.port === gw.port) {
    return { status: 'ok', words: `cluster port ${ep.port} = the gateway's published ${gw.port}` };
  }

  return {
    status: 'failing',
    words: `the cluster points at port ${ep.port} while the gateway publishes ${gw.port}`,
  };
}

async function controlCheck(f: Facts): Promise<Verdict> {
  const o = await f.control();
  if (!o.ok) {
    if (o.error instanceof ClusterNotFoundError) {
      return { status: 'failing', words: `no cluster ${f.o.config.edge.cluster} on it` };
    }

    return failed(o);
  }

  const ep = o.value.endpoint;
  if (!ep) return { status: 'failing', words: `${o.value.name} has no endpoint` };
  return { status: 'ok', words: `${o.value.name} -> ${ep.address}:${ep.port}`, latencyMs: o.ms };
}

async function readyCheck(f: Facts): Promise<Verdict> {
  const o = await f.ready();
  if (!o.ok) return failed(o);
  const state = o.value.state || 'no state';
  if (o.value.ready) return { status: 'ok', words: `/ready ${state}`, latencyMs: o.ms };
  return { status: 'failing', words: `/ready answers ${o.value.status} ${state}`, latencyMs: o.ms };
}

async function hostsCheck(f: Facts): Promise<Verdict> {
  const o = await f.adminClusters();
  if (!o.ok) return failed(o);
  const name = f.o.config.edge.cluster;
  const cluster = o.value.find((c) => c.name === name);
  if (!cluster) return { status: 'failing', words: `Envoy has not loaded cluster ${name}` };
  if (cluster.hosts.length === 0) return { status: 'failing', words: `${name} has no hosts` };
  const bad = cluster.hosts.filter((h) => !h.healthy);
  const first = cluster.hosts[0]!;
  if (bad.length === 0) {
    return { status: 'ok', words: `${first.address}:${first.port} healthy`, latencyMs: o.ms };
  }

  const b = bad[0]!;
  return { status: 'failing', words: `${b.address}:${b.port} ${b.flags.join(', ')}`,
    latencyMs: o.ms };
}

function sum(values: Record<string, number>, suffix: string, prefix: string): number {
  let n = 0;
  for (const [k, v] of Object.entries(values)) {
    if (k.startsWith(prefix) && k.endsWith(suffix)) n += v;
  }

  return n;
}

async function errorsCheck(f: Facts): Promise<Verdict> {
  const o = await f.stats();
  if (!o.ok) return failed(o);
  const prefix = `cluster.${f.o.config.edge.cluster}.`;
  const now = Date.now();
  // What clients see: Envoy's own 503s count downstream only, never upstream.
  const rq5xx = sum(o.value, '.downstream_rq_5xx', 'http.');
  const cxFail = sum(o.value, '.upstream_cx_connect_fail', prefix);
  const prev = f.o.memory.stats;
  f.o.memory.stats = { at: now, values: { rq5xx, cxFail } };
  if (!prev || now <= prev.at) {
    const words = `5xx ${rq5xx}, connect fail ${cxFail} (totals)`;
    return { status: 'ok', words, latencyMs: o.ms };
  }

  const secs = (now - prev.at) / 1000;
  const r5 = Math.max(0, rq5xx - (prev.values.rq5xx ?? 0)) / secs;
  const rc = Math.max(0, cxFail - (prev.values.cxFail ?? 0)) / secs;
  const words = `5xx ${r5.toFixed(1)}/s, connect fail ${rc.toFixed(1)}/s`;
  return { status: r5 > 0 || rc > 0 ? 'warning' : 'ok', words, latencyMs: o.ms };
}

async function certCheck(f: Facts): Promise<Verdict> {
  if (!f.o.config.edge.publicUrl.startsWith('https:')) {
    return { status: 'unknown', words: 'public URL is plain http: no certificate' };
  }

  const o = await f.certificate();
  if (!o.ok) return failed(o);
  const { daysLeft, trusted, trustError } = o.value;
  if (daysLeft < 0) return { status: 'failing', words: `expired ${-daysLeft} days ago` };
  if (!trusted) {
    return { status: 'warning', words: `${daysLeft} days left, not trusted (${trustError}); ` +
      'set edge.caFile for a private CA', latencyMs: o.ms };
  }

  const status = daysLeft < 14 ? 'warning' : 'ok';
  return { status, words: `expires in ${daysLeft} days`, latencyMs: o.ms };
}

async function publicCheck(f: Facts): Promise<Verdict> {
  const o = await f.publicProbe();
  if (!o.ok) return failed(o);
  const r = o.value;
  return { status: httpStatusClass(r.status), words: statusFrom(r.status, r.server),
    latencyMs: r.latencyMs };
}

/** The Edge pane's checks, in display order. */
export const EDGE_CHECKS: CheckDef[] = [
  { id: 'edge.control', pane: 'edge', label: 'control plane', run: controlCheck },
  { id: 'edge.ready', pane: 'edge', label: 'admin ready', run: readyCheck },
  { id: 'edge.endpoint', pane: 'edge', label: 'endpoint', run: hostsCheck },
  { id: 'edge.errors', pane: 'edge', label: 'errors', run: errorsCheck },
  { id: 'edge.cert', pane: 'edge', label: 'certificate', run: certCheck },
  { id: 'edge.public', pane: 'edge', label: 'public URL', run: publicCheck },
  { id: 'edge.drift', pane: 'edge', label: 'drift', run: drift },
];
